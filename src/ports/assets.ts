/** Static files the service serves itself (the docs page's scripts and styles): no CDN. */
export interface StaticAsset {
  body: Uint8Array | string;
  contentType: string;
}

export interface AssetSource {
  get(name: string): Promise<StaticAsset | null>;
}
