import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TemplateSource } from "./templates";

/** The project's `templates/` folder, found from this file (src/ports → ../../templates). */
export const DEFAULT_TEMPLATES_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "templates",
);

const SAFE_LANGUAGE = /^[a-z]{2,3}$/;
const SAFE_NAME = /^[a-z][a-z0-9_]*(\.subject)?\.(txt|html)$/;

/**
 * Email templates read from disk once each, then kept (misses too). Names and languages
 * are checked against a strict pattern, so nothing outside the folder can be read.
 */
export function fileTemplates(dir: string = DEFAULT_TEMPLATES_DIR): TemplateSource {
  const cache = new Map<string, Promise<string | null>>();
  return {
    get(language, name) {
      if (!SAFE_LANGUAGE.test(language) || !SAFE_NAME.test(name)) return Promise.resolve(null);
      const key = `${language}/${name}`;
      let hit = cache.get(key);
      if (!hit) {
        hit = readFile(path.join(dir, language, name), "utf8").then(
          (text) => text,
          (err: NodeJS.ErrnoException) => {
            if (err.code === "ENOENT") return null;
            cache.delete(key);
            throw err;
          },
        );
        cache.set(key, hit);
      }
      return hit;
    },
  };
}
