/**
 * The desk's static files: one stylesheet and one script, served from the repository as written
 * (no build step, no CDN). Only names in this list are served, so no path can reach other files.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyReply } from 'fastify';

const ASSETS_DIR = path.resolve(__dirname, '..', '..', 'src', 'web', 'assets');

const ASSETS: Readonly<Record<string, string>> = {
  'desk.css': 'text/css; charset=utf-8',
  'desk.js': 'text/javascript; charset=utf-8',
  'posts.js': 'text/javascript; charset=utf-8',
  'review.js': 'text/javascript; charset=utf-8',
};

export function sendAsset(name: string, reply: FastifyReply): FastifyReply {
  // Own names only: "constructor" or "toString" would otherwise be found on the object's prototype.
  const type = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
  if (type === undefined) return reply.code(404).type('text/plain').send('Not found');
  const body = fs.readFileSync(path.join(ASSETS_DIR, name));
  return reply.type(type).header('cache-control', 'private, max-age=300').send(body);
}
