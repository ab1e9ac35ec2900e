import { createHash } from "node:crypto";

/**
 * `name` if it fits in `max` characters, else its first characters and a hash of the whole name, so
 * distinct long names stay distinct and the result never changes between runs.
 */
export function boundedName(name: string, max: number): string {
  if (name.length <= max) return name;
  const hash = createHash("sha256").update(name).digest("hex").slice(0, 8);
  return `${name.slice(0, max - 9)}-${hash}`;
}
