// The built client, served with the compressed copies the build wrote beside each asset
// (scripts/precompress.ts): brotli to browsers that accept it, else gzip, else the file itself,
// always with the original file's Content-Type and `Vary: Accept-Encoding` so caches keep them
// apart. Which copies exist is read once at start: the build does not change while serving.
import fs from 'node:fs';
import path from 'node:path';
import express, { type RequestHandler } from 'express';

const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/** URL paths ("/assets/index-abc.js") of the files in `dir` that have a copy with `suffix`. */
function withCopies(dir: string, suffix: string): Set<string> {
  const found = new Set<string>();
  const walk = (sub: string) => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = path.posix.join(sub, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith(suffix)) found.add(`/${rel.slice(0, -suffix.length)}`);
    }
  };
  walk('');
  return found;
}

/** Which encodings the request accepts (a q=0 refuses one). */
export function acceptedEncodings(header: string | undefined): Set<string> {
  const accepted = new Set<string>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) accepted.add(name);
  }
  return accepted;
}

/** Serves `dir`; `index.html` is served by the caller for every path that is not a file. */
export function staticFiles(dir: string, options: { maxAge: string }): RequestHandler[] {
  const copies = ENCODINGS.map((e) => ({ ...e, paths: withCopies(dir, e.suffix) }));
  const serve = express.static(dir, { index: false, maxAge: options.maxAge });
  const sendCopy: RequestHandler = (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const accepted = acceptedEncodings(req.headers['accept-encoding']);
    const copy = copies.find((c) => accepted.has(c.name) && c.paths.has(req.path));
    res.vary('Accept-Encoding');
    if (!copy) return next();
    // send (behind sendFile) keeps a Content-Type already set: the original file's, not .br's.
    res.type(path.extname(req.path));
    res.setHeader('Content-Encoding', copy.name);
    res.sendFile(`${req.path.slice(1)}${copy.suffix}`, { root: dir, maxAge: options.maxAge }, (error) => {
      if (!error || res.headersSent) return;
      // The copy went away (a rebuild while serving): the file itself, unencoded.
      res.removeHeader('Content-Encoding');
      res.removeHeader('Content-Type');
      next();
    });
  };
  return [sendCopy, serve];
}
