// A webhook endpoint for the black-box tests. It keeps every request it receives and, when
// asked, checks their signatures with the Standard Webhooks reference library (not Plaza's
// code), so the test proves that an ordinary receiver accepts what Plaza sends.
//
//   node receiver.mjs [--fail-first N]
//   prints "receiver listening on http://127.0.0.1:PORT"; then
//   POST /hook…          a delivery: answered 500 for the first N, then 204
//   POST /verify {secret} every delivery received, each verified with that secret:
//                        [{ id, type, verified, error, status }]
import http from "node:http";
import { Webhook } from "standardwebhooks";

const args = process.argv.slice(2);
const failIndex = args.indexOf("--fail-first");
let failFirst = failIndex >= 0 ? Number(args[failIndex + 1]) : 0;
const received = [];

function readBody(request) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    request.on("data", (chunk) => {
      size += chunk.length;
      if (size > 1_000_000) {
        reject(new Error("too large"));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

const server = http.createServer(async (request, response) => {
  try {
    const body = await readBody(request);
    if (request.method === "POST" && request.url === "/verify") {
      const { secret } = JSON.parse(body);
      const webhook = new Webhook(secret);
      const results = received.map((delivery) => {
        let verified = false;
        let error = null;
        let type = null;
        try {
          const payload = webhook.verify(delivery.body, delivery.headers);
          verified = true;
          type = payload.type;
        } catch (e) {
          error = String(e && e.message ? e.message : e);
          try {
            type = JSON.parse(delivery.body).type;
          } catch {
            type = null;
          }
        }
        return {
          id: delivery.headers["webhook-id"] ?? null,
          type,
          verified,
          error,
          status: delivery.status,
          signatures: (delivery.headers["webhook-signature"] ?? "").split(" ").length,
          body: delivery.body,
        };
      });
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(results));
      return;
    }
    if (request.method === "POST" && request.url.startsWith("/hook")) {
      const status = failFirst > 0 ? 500 : 204;
      if (failFirst > 0) failFirst -= 1;
      received.push({ headers: request.headers, body, status });
      response.writeHead(status);
      response.end();
      return;
    }
    response.writeHead(404);
    response.end();
  } catch (e) {
    response.writeHead(400);
    response.end(String(e));
  }
});

server.listen(0, "127.0.0.1", () => {
  console.log(`receiver listening on http://127.0.0.1:${server.address().port}`);
});
