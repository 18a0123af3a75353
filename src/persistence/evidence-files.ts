import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, normalize, sep } from 'node:path';
import type { EvidenceFiles } from '../ports.js';

/**
 * Evidence bytes as files under DATA_DIR/evidence (EVIDENCE_STORE=files).
 * Each item gets its own file, written once and never changed; the record
 * keeps the path relative to this directory and the SHA-256.
 */
export class DiskEvidenceFiles implements EvidenceFiles {
  constructor(private readonly root: string) {}

  private absolute(path: string): string {
    const full = normalize(join(this.root, path));
    if (!full.startsWith(normalize(this.root) + sep)) throw new Error(`evidence path outside the evidence directory: ${path}`);
    return full;
  }

  async write(bytes: Uint8Array, sha256: string): Promise<string> {
    const path = join(sha256.slice(0, 2), `${randomUUID()}-${sha256}`);
    const full = this.absolute(path);
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, bytes, { flag: 'wx', mode: 0o600 });
    return path;
  }

  async read(path: string): Promise<Uint8Array | null> {
    try {
      return new Uint8Array(await readFile(this.absolute(path)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async remove(path: string): Promise<void> {
    await rm(this.absolute(path), { force: true });
  }
}
