import fs from 'node:fs';
import http from 'node:http';

// Baseline for the badge benchmark: plain node:http answering the same bytes with the same headers.
const [file, port] = process.argv.slice(2);
const body = fs.readFileSync(file!);
const headers = {
  'content-type': 'image/svg+xml',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  'access-control-allow-origin': '*',
  'cross-origin-resource-policy': 'cross-origin',
  'cache-control': 'public, max-age=60, must-revalidate',
  etag: '"baseline"',
  vary: 'Accept-Encoding',
  'content-length': String(body.length),
};
http
  .createServer((_req, res) => {
    res.writeHead(200, headers);
    res.end(body);
  })
  .listen(Number(port), '127.0.0.1', () => process.stderr.write('Keurmerk is running at baseline\n'));
