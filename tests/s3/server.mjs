// An S3-compatible server for the black-box tests: s3rver on a free loopback port, keeping its
// objects under --dir, with one bucket (--bucket). Prints "s3 listening on http://127.0.0.1:<port>"
// once it accepts requests. Credentials: S3RVER / S3RVER (s3rver's own, checked on every request).
import S3rver from "s3rver";

const arg = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : fallback;
};

const server = new S3rver({
  address: "127.0.0.1",
  port: 0,
  silent: true,
  directory: arg("dir", "./s3-data"),
  configureBuckets: [{ name: arg("bucket", "plaza") }],
});
const { port } = await server.run();
console.log(`s3 listening on http://127.0.0.1:${port}`);
