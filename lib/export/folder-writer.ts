/**
 * An export written to a folder, file by file, as the content is produced. Paths come from the
 * engine (P3 folder names, dataset names); any path that would leave the folder is refused.
 */
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { ExportFile } from "./types";

export async function writeFolder(files: AsyncIterable<ExportFile>, dir: string): Promise<{ files: number; bytes: number }> {
  const root = path.resolve(dir);
  let count = 0;
  let bytes = 0;
  for await (const file of files) {
    const target = path.resolve(root, ...file.path.split("/"));
    if (!target.startsWith(root + path.sep)) throw new Error(`export: refusing to write outside ${root}: ${file.path}`);
    await mkdir(path.dirname(target), { recursive: true });
    const out = createWriteStream(target);
    const closed = new Promise<void>((resolve, reject) => {
      out.on("close", resolve);
      out.on("error", reject);
    });
    try {
      for await (const chunk of file.content) {
        bytes += chunk.length;
        if (!out.write(chunk)) await new Promise<void>((resolve, reject) => {
          out.once("drain", resolve);
          out.once("error", reject);
        });
      }
    } finally {
      out.end();
    }
    await closed;
    count++;
  }
  return { files: count, bytes };
}

/** Writes a stream of chunks (e.g. zipFiles) to one file. */
export async function writeChunks(chunks: AsyncIterable<Uint8Array>, fileName: string): Promise<number> {
  await mkdir(path.dirname(path.resolve(fileName)), { recursive: true });
  const out = createWriteStream(fileName);
  const closed = new Promise<void>((resolve, reject) => {
    out.on("close", resolve);
    out.on("error", reject);
  });
  let bytes = 0;
  try {
    for await (const chunk of chunks) {
      bytes += chunk.length;
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", resolve));
    }
  } finally {
    out.end();
  }
  await closed;
  return bytes;
}
