// Drives wks-sim with Huawei Cloud's official Node.js SDK core (@huaweicloud/huaweicloud-sdk-core):
// its BasicCredentials sign every request with SDK-HMAC-SHA256, so this checks the simulator's
// signature verification against Huawei's own implementation, over HTTPS with the simulator's CA
// trusted through NODE_EXTRA_CA_CERTS (read by Node at start-up, hence the two processes).
//
//   node node_sdk_test.js WKS_SIM_BINARY     starts wks-sim, then runs this file again as the client
//   node node_sdk_test.js --client           the client; WKS_URL and NODE_EXTRA_CA_CERTS set
'use strict';

const assert = require('assert');
const {spawn, spawnSync} = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const readline = require('readline');

const AK = 'WKSSIMDEMOACCESSKEY0';
const SK = 'wks-sim-demo-secret-key-0000000000000000';
const PROJECT = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

function client(sk) {
  const {ClientBuilder} = require('@huaweicloud/huaweicloud-sdk-core/ClientBuilder');
  const {BasicCredentials} = require('@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials');
  const credentials = new BasicCredentials().withAk(AK).withSk(sk).withProjectId(PROJECT);
  return new ClientBuilder((hc) => hc).withCredential(credentials).withEndpoint(process.env.WKS_URL).build();
}

async function call(hc, method, url, {query = {}, data, path: pathParams = {}} = {}) {
  try {
    const reply = await hc.sendRequest({
      method, url, contentType: 'application/json', queryParams: query,
      pathParams: {project_id: PROJECT, ...pathParams}, headers: {}, data,
    });
    return {status: reply.httpStatusCode, body: reply};
  } catch (e) {
    // The SDK turns non-2xx answers into exceptions carrying the status and the error body.
    return {status: e.httpStatusCode || e.status, body: {error_code: e.errorCode, error_msg: e.errorMsg}};
  }
}

async function runClient() {
  const hc = client(SK);
  const base = '/v2/{project_id}';
  let r = await call(hc, 'GET', `${base}/desktops`, {query: {limit: 10}});
  assert.strictEqual(r.status, 200, JSON.stringify(r));
  assert.strictEqual(r.body.total_count, 0);

  r = await call(hc, 'POST', `${base}/desktops`, {data: {
    desktop_type: 'DEDICATED', image_type: 'gold', image_id: 'a866298d-67db-44b0-a1f1-9d09bdddc20f',
    root_volume: {type: 'SAS', size: 80}, product_id: 'workspace.c2.large.windows.2',
    nics: [{subnet_id: '5dee0216-2260-47c2-9368-98a27d910e55'}],
    desktops: [{user_name: 'node-user', user_group: 'users', computer_name: 'node-sdk-01'}],
  }});
  assert.strictEqual(r.status, 200, JSON.stringify(r));
  const jobId = r.body.job_id;
  r = await call(hc, 'GET', `${base}/workspace-jobs/{job_id}`, {path: {job_id: jobId}});
  assert.strictEqual(r.status, 200, JSON.stringify(r));
  assert.strictEqual(r.body.status, 'SUCCESS');
  const desktopId = r.body.sub_jobs[0].entities.desktop_id;

  r = await call(hc, 'GET', `${base}/desktops/detail`, {query: {computer_name: 'node-sdk', limit: 500}});
  assert.strictEqual(r.status, 200, JSON.stringify(r));
  assert.strictEqual(r.body.total_count, 1);
  assert.strictEqual(r.body.desktops[0].desktop_id, desktopId);
  assert.strictEqual(r.body.desktops[0].user_name, 'node-user');

  // Characters the canonical query must encode: space, slash, non-ASCII.
  r = await call(hc, 'GET', `${base}/desktops`, {query: {computer_name: 'a b/一', user_name: ['x', 'y z']}});
  assert.strictEqual(r.status, 200, JSON.stringify(r));
  assert.strictEqual(r.body.total_count, 0);

  r = await call(hc, 'POST', `${base}/users`, {data: {user_name: 'node-created', user_email: 'n@example.com'}});
  assert.strictEqual(r.status, 201, JSON.stringify(r));
  r = await call(hc, 'GET', `${base}/users/{user_id}`, {path: {user_id: r.body.id}});
  assert.strictEqual(r.body.user_detail.user_name, 'node-created');

  r = await call(hc, 'PUT', `${base}/desktops/{desktop_id}`, {path: {desktop_id: desktopId},
                                                              data: {desktop: {computer_name: 'node-sdk-02'}}});
  assert.strictEqual(r.status, 200, JSON.stringify(r));
  r = await call(hc, 'DELETE', `${base}/desktops/{desktop_id}`, {path: {desktop_id: desktopId}});
  assert.strictEqual(r.status, 204, JSON.stringify(r));
  r = await call(hc, 'GET', `${base}/desktops/{desktop_id}`, {path: {desktop_id: desktopId}});
  assert.strictEqual(r.status, 404, JSON.stringify(r));
  assert.strictEqual(r.body.error_code, 'WKS.00010031');

  // The same SDK with a wrong secret key is refused.
  r = await call(client('not-the-secret-key'), 'GET', `${base}/desktops`);
  assert.strictEqual(r.status, 401, JSON.stringify(r));
  assert.strictEqual(r.body.error_code, 'APIGW.0303');
  console.log('node-sdk-test: all checks passed');
}

async function runDriver(binary) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'wks-sim-node-'));
  const ca = path.join(work, 'ca.pem');
  const sim = spawn(binary, ['--listen', '127.0.0.1:0', '--ca-out', ca, '--jobs', 'immediate',
                             '--no-access-log'], {stdio: ['ignore', 'pipe', 'inherit']});
  const url = await new Promise((resolve, reject) => {
    readline.createInterface({input: sim.stdout}).once('line', resolve);
    sim.once('exit', (code) => reject(new Error(`wks-sim exited with ${code}`)));
  });
  assert.match(url, /^https:\/\/127\.0\.0\.1:\d+$/);
  const child = spawnSync(process.execPath, [__filename, '--client'], {
    stdio: 'inherit', env: {...process.env, WKS_URL: url, NODE_EXTRA_CA_CERTS: ca}, timeout: 60000,
  });
  sim.kill('SIGTERM');
  const code = await new Promise((resolve) => sim.once('exit', resolve));
  assert.strictEqual(code, 0, 'wks-sim exits cleanly on SIGTERM');
  if (child.status !== 0) throw new Error(`the SDK client failed (${child.status})`);
}

(process.argv[2] === '--client' ? runClient() : runDriver(process.argv[2])).catch((e) => {
  console.error('node-sdk-test: FAILED:', e && e.stack || e);
  process.exit(1);
});
