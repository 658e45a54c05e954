import fs from 'node:fs';
import path from 'node:path';
import { DatabaseUnavailableError } from '../errors.ts';

const LOCK_FILE = 'keurmerk.pid';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite is one process's database: two processes opening the same directory corrupt it. Every
 * opener takes this lock first; a lock left by a dead process is taken over.
 * Returns the function that releases it.
 */
export function lockDataDir(dataDir: string, role: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify({ pid: process.pid, role, since: new Date().toISOString() }), {
        flag: 'wx',
      });
      return () => {
        try {
          const held = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid: number };
          if (held.pid === process.pid) fs.unlinkSync(file);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder: { pid?: number; role?: string } = {};
    try {
      holder = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof holder;
    } catch {
      // Unreadable lock: treat as stale.
    }
    if (typeof holder.pid === 'number' && holder.pid !== process.pid && isAlive(holder.pid)) {
      const who =
        holder.role === 'server'
          ? 'the server is running'
          : `another Keurmerk ${holder.role ?? 'process'} is running`;
      throw new DatabaseUnavailableError(
        'data_dir_busy',
        `${who} on this data directory (${dataDir}, pid ${holder.pid}); stop it first or use the admin API`,
      );
    }
    fs.rmSync(file, { force: true });
  }
  throw new DatabaseUnavailableError('data_dir_busy', `could not lock the data directory ${dataDir}`);
}
