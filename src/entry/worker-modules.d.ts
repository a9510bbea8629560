// Non-code modules the Worker bundle imports; wrangler.toml's [[rules]] make them Text (string) or Data (ArrayBuffer).
declare module "swagger-ui-dist/swagger-ui-bundle.js" {
  const text: string;
  export default text;
}
declare module "swagger-ui-dist/swagger-ui.css" {
  const text: string;
  export default text;
}
declare module "swagger-ui-dist/favicon-32x32.png" {
  const data: ArrayBuffer;
  export default data;
}
declare module "htmx.org/dist/htmx.min.js" {
  const text: string;
  export default text;
}
