import { execFileSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

export interface GitRevision {
  /** HEAD's full hash, or, when the tree had changes, that hash saying so: never a clean-looking hash for a dirty tree. */
  commit: string;
  /** The work tree differed from HEAD (changed, staged or new files, results files aside). */
  dirty: boolean;
}

/** The commit a results file's figures belong to (`npm run bench`, `npm run soak`). */
export function gitRevision(): GitRevision {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
    const sha = git('rev-parse', 'HEAD');
    // New files count too: an untracked module changes what runs. The results files being written do not.
    const dirty = git('status', '--porcelain', '--', '.', ':(exclude)bench/results') !== '';
    return { commit: dirty ? `${sha} with uncommitted changes (not a commit)` : sha, dirty };
  } catch {
    return { commit: 'unknown (no git)', dirty: true };
  }
}
