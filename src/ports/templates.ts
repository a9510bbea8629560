/** Where template text comes from: files in Node, anything else elsewhere. */
export interface TemplateSource {
  /** The template's text, or null when the language has no such template. */
  get(language: string, name: string): Promise<string | null>;
}
