// Unit tests for server/xapi/multipart.ts: multipart/mixed parsing and building, matching parts
// to Attachment Objects by hash, and signed-statement checks. Bodies are written out by hand
// here (not with buildMultipart) so that the parser is tested against the wire format itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HTTPException } from 'hono/http-exception';
import { CompactSign, FlattenedSign, importPKCS8 } from 'jose';
import {
  SIGNATURE_USAGE_TYPE, buildMultipart, matchAttachments, parseMultipart, sha256Hex,
  statementDifference, verifySignature, verifySignatures, type AttachmentLike, type AttachmentPart, type StatementLike,
} from '../../../server/xapi/multipart.js';

const enc = new TextEncoder();
const dec = new TextDecoder();

function concat(...pieces: Array<string | Uint8Array>): Uint8Array {
  const arrays = pieces.map((p) => (typeof p === 'string' ? enc.encode(p) : p));
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

async function rejects400(action: Promise<unknown>, message: RegExp): Promise<void> {
  await assert.rejects(action, (e: unknown) => {
    assert.ok(e instanceof HTTPException, `expected HTTPException, got ${String(e)}`);
    assert.equal(e.status, 400);
    assert.match(e.message, message);
    return true;
  });
}

const statement = (attachments: AttachmentLike[] = []) => ({
  actor: { mbox: 'mailto:learner@example.com', objectType: 'Agent' },
  verb: { id: 'http://adlnet.gov/expapi/verbs/answered', display: { 'en-US': 'answered' } },
  object: { id: 'http://example.com/activities/multipart', objectType: 'Activity' },
  ...(attachments.length ? { attachments } : {}),
});

const attachment = (sha2: string, extra: Record<string, unknown> = {}): AttachmentLike => ({
  usageType: 'http://example.com/attachment-usage/test',
  display: { 'en-US': 'A test attachment' },
  contentType: 'application/octet-stream',
  length: 1,
  sha2,
  ...extra,
});

/** One attachment part as RFC 2046 frames it, after a delimiter line. */
const partOf = (boundary: string, sha2: string, bytes: Uint8Array | string, type = 'application/octet-stream') =>
  concat(`\r\n--${boundary}\r\nContent-Type: ${type}\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: ${sha2}\r\n\r\n`, bytes);

const bodyOf = (boundary: string, json: string, ...parts: Uint8Array[]) =>
  concat(`--${boundary}\r\nContent-Type: application/json\r\n\r\n${json}`, ...parts, `\r\n--${boundary}--\r\n`);

// ------------------------------------------------------------------ parsing valid bodies

test('Communication §1.5.2.s6: the specification\'s own example parses and its attachment matches its sha2', async () => {
  // Quoted boundary using every special character class the example demonstrates.
  const boundary = "abcABC0123'()+_,-./:=?";
  const json = JSON.stringify(statement([{
    usageType: 'http://example.com/attachment-usage/test',
    display: { 'en-US': 'A test attachment' },
    contentType: 'text/plain; charset=ascii',
    length: 27,
    sha2: '495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a',
  }]));
  const body = concat(
    `--${boundary}\r\nContent-Type:application/json\r\n\r\n${json}\r\n`,
    `--${boundary}\r\nContent-Type:text/plain\r\nContent-Transfer-Encoding:binary\r\n`,
    'X-Experience-API-Hash:495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a\r\n\r\n',
    `here is a simple attachment\r\n--${boundary}--`,
  );
  const { json: text, parts } = await parseMultipart(`multipart/mixed; boundary="${boundary}"`, body);
  assert.equal(text, json);
  assert.equal(parts.length, 1);
  assert.equal(dec.decode(parts[0]!.bytes), 'here is a simple attachment');
  assert.equal(parts[0]!.contentType, 'text/plain');
  assert.equal(parts[0]!.headers['content-transfer-encoding'], 'binary');
  const matched = await matchAttachments([JSON.parse(text)], parts, 'statements');
  assert.equal(matched.get('495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a'), parts[0]);
});

test('RFC 2046 §5.1.1 (Communication §1.5.2.s2.b2): unquoted boundary, preamble, transport padding and epilogue', async () => {
  const bytes = enc.encode('abc');
  const sha2 = await sha256Hex(bytes);
  const body = concat(
    'This is a preamble that parsers ignore.\r\n',
    '--simple-boundary  \t\r\nContent-Type: application/json\r\n\r\n{"a":1}',
    partOf('simple-boundary', sha2, bytes),
    '\r\n--simple-boundary--  \r\nThis epilogue is ignored too, even --simple-boundary in it.\r\n',
  );
  const { json, parts } = await parseMultipart('Multipart/Mixed; charset=utf-8; Boundary=simple-boundary', body);
  assert.equal(json, '{"a":1}');
  assert.equal(parts.length, 1);
  assert.equal(dec.decode(parts[0]!.bytes), 'abc');
});

test('Communication §1.5.2.s6.b3: binary attachments keep every octet, including CRLF, "--" and boundary look-alikes', async () => {
  const boundary = 'b0undary';
  const tricky = concat(
    '\r\n--', 'b0undar', '\r\n--b0undarX', '\r\n\r\n', 'x--b0undary', // no CRLF right before it: not a delimiter
    new Uint8Array(Array.from({ length: 256 }, (_, i) => i)),
    '\r', // a trailing CR right before the delimiter's own CRLF
  );
  const second = new Uint8Array([0x0d, 0x0a, 0x0d, 0x0a, 0x2d, 0x2d]);
  const [h1, h2] = await Promise.all([sha256Hex(tricky), sha256Hex(second)]);
  const body = bodyOf(boundary, '[]', partOf(boundary, h1, tricky), partOf(boundary, h2, second, 'image/png'));
  const { parts } = await parseMultipart(`multipart/mixed; boundary=${boundary}`, body);
  assert.equal(parts.length, 2);
  assert.deepEqual(parts[0]!.bytes, tricky);
  assert.deepEqual(parts[1]!.bytes, second);
  assert.equal(parts[1]!.contentType, 'image/png');
  await matchAttachments([statement([attachment(h1), attachment(h2)])], parts, 'statements');
});

test('Communication §1.5.2.s2.b2: header names are case-insensitive and an upper-case hash is accepted', async () => {
  const bytes = enc.encode('xyz');
  const sha2 = await sha256Hex(bytes);
  const body = concat(
    '--B\r\ncontent-TYPE: Application/JSON; charset=UTF-8\r\n\r\n{}',
    `\r\n--B\r\nCONTENT-TYPE: text/plain\r\ncontent-transfer-encoding: BINARY\r\nx-experience-api-HASH: ${sha2.toUpperCase()}\r\n\r\n`,
    bytes, '\r\n--B--',
  );
  const { parts } = await parseMultipart('multipart/mixed; boundary=B', body);
  assert.equal(parts[0]!.sha2, sha2);
  assert.equal(parts[0]!.headers['x-experience-api-hash'], sha2.toUpperCase());
});

test('Communication §1.5.2.s3.b6: a part without Content-Transfer-Encoding is taken as binary', async () => {
  const bytes = enc.encode('no encoding header');
  const sha2 = await sha256Hex(bytes);
  const body = bodyOf('B', '{}', concat(`\r\n--B\r\nX-Experience-API-Hash: ${sha2}\r\n\r\n`, bytes));
  const { parts } = await parseMultipart('multipart/mixed; boundary=B', body);
  assert.deepEqual(parts[0]!.bytes, bytes);
  assert.equal(parts[0]!.contentType, 'application/octet-stream');
});

test('Communication §1.5.2.s3.b8: a multipart body with only the Statements part has no attachment parts', async () => {
  // Framed as the ADL conformance suite frames signed statements: CRLF before the first
  // delimiter, no CRLF after the last.
  const body = enc.encode('\r\n--B\r\nContent-Type:application/json\r\n\r\n{"id":1}\r\n--B--');
  const { json, parts } = await parseMultipart('multipart/mixed; boundary=B', body);
  assert.equal(json, '{"id":1}');
  assert.deepEqual(parts, []);
});

test('Communication §1.5.2 (efficiency): a 5 MB attachment is found without copying it', async () => {
  const big = new Uint8Array(5 * 1024 * 1024);
  for (let i = 0; i < big.length; i += 65536) crypto.getRandomValues(big.subarray(i, i + 65536));
  const sha2 = await sha256Hex(big);
  const body = bodyOf('big-boundary-0123456789', '{}', partOf('big-boundary-0123456789', sha2, big));
  const { parts } = await parseMultipart('multipart/mixed; boundary=big-boundary-0123456789', body);
  assert.equal(parts[0]!.bytes.length, big.length);
  assert.equal(parts[0]!.bytes.buffer, body.buffer, 'the part is a view into the request body');
  assert.deepEqual(parts[0]!.bytes, big);
  await matchAttachments([statement([attachment(sha2)])], parts, 'statements');
});

// ------------------------------------------------------------------ parse rejections

test('Communication §1.5.2.s2.b2 (RFC 2046): a Content-Type without boundary is refused', async () => {
  await rejects400(parseMultipart('multipart/mixed;', bodyOf('B', '{}')), /multipart\/mixed needs a boundary parameter/);
});

test('Data §2.4.11 (XAPI-00127): only multipart/mixed carries attachments, not multipart/form-data', async () => {
  await rejects400(parseMultipart('multipart/form-data; boundary=B', bodyOf('B', '{}')), /expected multipart\/mixed, got "multipart\/form-data; boundary=B"/);
});

test('Communication §1.5.2.s2.b2 (XAPI-00131): a body without the boundary delimiter is refused', async () => {
  const body = enc.encode('Content-Type: application/json\r\n\r\n{}\r\n');
  await rejects400(parseMultipart('multipart/mixed; boundary=B', body), /no "--B" delimiter line found/);
  await rejects400(parseMultipart('multipart/mixed; boundary=B', new Uint8Array(0)), /no "--B" delimiter line found/);
});

test('Communication §1.5.2.s2.b2.b1 (XAPI-00134): a first part that is not application/json is refused', async () => {
  const body = enc.encode('--B\r\nContent-Type: text/plain\r\n\r\n{}\r\n--B--');
  await rejects400(parseMultipart('multipart/mixed; boundary=B', body), /part 1: Content-Type must be application\/json \(the Statements\), got "text\/plain"/);
  const bare = enc.encode('--B\r\n\r\n{}\r\n--B--');
  await rejects400(parseMultipart('multipart/mixed; boundary=B', bare), /part 1: Content-Type must be application\/json .*got none/);
});

test('Communication §1.5.2.s2.b2.b1 (XAPI-00133): Statements split over two parts are refused', async () => {
  const body = bodyOf('B', '{}', enc.encode('\r\n--B\r\nContent-Type: application/json\r\n\r\n{}'));
  await rejects400(parseMultipart('multipart/mixed; boundary=B', body), /part 2: X-Experience-API-Hash header is missing/);
});

test('Communication §1.5.2.s2.b2.b3 (XAPI-00132): an attachment part without X-Experience-API-Hash is refused', async () => {
  const body = bodyOf('B', '{}', enc.encode('\r\n--B\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: binary\r\n\r\nabc'));
  await rejects400(parseMultipart('multipart/mixed; boundary=B', body), /multipart part 2: X-Experience-API-Hash header is missing/);
});

test('Communication §1.5.2.s4.b4: an X-Experience-API-Hash that is no SHA-2 hex digest is refused', async () => {
  for (const bad of ['xyz', 'ab'.repeat(20), `${'g'.repeat(64)}`]) {
    const body = bodyOf('B', '{}', partOf('B', bad, 'abc'));
    await rejects400(parseMultipart('multipart/mixed; boundary=B', body), /part 2: X-Experience-API-Hash ".*" is not a hex SHA-256, SHA-384 or SHA-512 digest/);
  }
});

test('Communication §1.5.2.s2.b2.b4 (XAPI-00135): Content-Transfer-Encoding other than binary is refused', async () => {
  const sha2 = await sha256Hex(enc.encode('abc'));
  const body = bodyOf('B', '{}', enc.encode(`\r\n--B\r\nContent-Transfer-Encoding: base64\r\nX-Experience-API-Hash: ${sha2}\r\n\r\nYWJj`));
  await rejects400(parseMultipart('multipart/mixed; boundary=B', body), /part 2: Content-Transfer-Encoding must be binary, got "base64"/);
});

test('RFC 2046 §5.1.1 (XAPI-00128): a header line without a name is refused', async () => {
  // As in the conformance suite's "too many parts" body: the hash stands alone on its line.
  const sha2 = await sha256Hex(enc.encode('abc'));
  const body = bodyOf('B', '{}', enc.encode(`\r\n--B\r\nContent-Type: text/plain\r\n${sha2}\r\n\r\nabc`));
  await rejects400(parseMultipart('multipart/mixed; boundary=B', body), /part 2: header line ".*" is not "Name: value"/);
});

test('RFC 2046 §5.1.1: a body cut off before the closing delimiter is refused', async () => {
  const full = bodyOf('B', '{}', partOf('B', 'a'.repeat(64), 'abc'));
  await rejects400(parseMultipart('multipart/mixed; boundary=B', full.subarray(0, full.length - 9)), /ends without the closing "--B--" delimiter/);
  await rejects400(parseMultipart('multipart/mixed; boundary=B', enc.encode('--B')), /ends without the closing "--B--" delimiter/);
});

test('RFC 2046 §5.1.1: a delimiter line followed by other text is refused', async () => {
  const body = enc.encode('--B\r\nContent-Type: application/json\r\n\r\n{}\r\n--Bogus\r\n\r\nabc\r\n--B--');
  await rejects400(parseMultipart('multipart/mixed; boundary=B', body), /a "--B" delimiter is followed by other text on its line/);
});

test('Communication §1.5.2.s2.b2.b1: a body with no parts at all is refused', async () => {
  await rejects400(parseMultipart('multipart/mixed; boundary=B', enc.encode('--B--\r\n')), /has no parts; the first part must hold the Statements/);
});

test('Communication §1.4 Encoding: Statements that are not UTF-8 are refused', async () => {
  const body = concat('--B\r\nContent-Type: application/json\r\n\r\n', new Uint8Array([0x7b, 0xff, 0x7d]), '\r\n--B--');
  await rejects400(parseMultipart('multipart/mixed; boundary=B', body), /part 1: the Statements are not valid UTF-8/);
});

// ------------------------------------------------------------------ matching parts to attachments

async function partsFor(...datas: string[]): Promise<AttachmentPart[]> {
  return Promise.all(datas.map(async (d) => {
    const bytes = enc.encode(d);
    return { sha2: await sha256Hex(bytes), contentType: 'text/plain', bytes, headers: {} };
  }));
}

test('Communication §1.5.2.s1.b4: a part whose bytes do not hash to its X-Experience-API-Hash is refused', async () => {
  const [part] = await partsFor('hello');
  const wrong = { ...part!, bytes: enc.encode('HELLO') };
  await rejects400(matchAttachments([statement([attachment(part!.sha2)])], [wrong], 'statements'),
    /multipart part 2: X-Experience-API-Hash [0-9a-f]{64} does not match its 5 bytes, whose SHA-256 is [0-9a-f]{64}/);
});

test('Communication §1.5.2.s3.b5 (XAPI-00129): an attachment without fileUrl and without its part is refused', async () => {
  const [a, b] = await partsFor('first', 'second');
  await rejects400(matchAttachments([statement(), statement([attachment(a!.sha2), attachment(b!.sha2)])], [a!], 'statements'),
    new RegExp(`^statements\\[1\\]\\.attachments\\[1\\]: no multipart part has X-Experience-API-Hash ${b!.sha2}, and it has no fileUrl`));
});

test('Communication §1.5.1.s1.b2: with no parts (application/json), every attachment needs a fileUrl', async () => {
  const withUrl = attachment('a'.repeat(64), { fileUrl: 'http://example.com/file.txt' });
  assert.equal((await matchAttachments([statement([withUrl])], [], 'statements')).size, 0);
  await rejects400(matchAttachments([statement([withUrl, attachment('b'.repeat(64))])], [], 'statements'), /statements\[0\]\.attachments\[1\]: no multipart part/);
});

test('Data §2.4.11 (XAPI-00128): a part that no attachment references is refused', async () => {
  const [a, extra] = await partsFor('used', 'unused');
  await rejects400(matchAttachments([statement([attachment(a!.sha2)])], [a!, extra!], 'statements'),
    new RegExp(`^multipart part 3: X-Experience-API-Hash ${extra!.sha2} matches no attachment's sha2`));
});

test('Communication §1.5.2.s5: an attachment with fileUrl may still come with its data, which is kept', async () => {
  const [a] = await partsFor('data sent anyway');
  const matched = await matchAttachments([statement([attachment(a!.sha2, { fileUrl: 'http://example.com/f' })])], [a!], 'statements');
  assert.equal(matched.get(a!.sha2), a);
});

test('Communication §1.5.2.s2.b2.b5: one part serves the same attachment in several statements; repeated parts are accepted', async () => {
  const [a] = await partsFor('shared');
  const twice = [statement([attachment(a!.sha2)]), statement([attachment(a!.sha2.toUpperCase())])];
  const matched = await matchAttachments(twice, [a!, { ...a! }], 'statements');
  assert.equal(matched.get(a!.sha2), a);
  assert.equal(matched.get(a!.sha2.toUpperCase()), a, 'also keyed as the statement spelled it');
});

test('Data §2.4.11 (SubStatement attachments): they need a part or fileUrl too, and the message names them', async () => {
  const [a] = await partsFor('sub');
  const withSub = (sha2: string) => ({ ...statement(), object: { objectType: 'SubStatement', ...statement([attachment(sha2)]) } });
  const matched = await matchAttachments([withSub(a!.sha2)], [a!], 'statements');
  assert.equal(matched.get(a!.sha2), a);
  await rejects400(matchAttachments([statement(), withSub('c'.repeat(64))], [], 'statements'), /^statements\[1\]\.object\.attachments\[0\]: no multipart part/);
});

test('Communication §1.5.2.s4.b4: SHA-384 and SHA-512 hashes are checked with their own algorithm', async () => {
  const bytes = enc.encode('sha2 family');
  const hex = async (alg: string) => Buffer.from(await crypto.subtle.digest(alg, bytes)).toString('hex');
  for (const alg of ['SHA-384', 'SHA-512']) {
    const sha2 = await hex(alg);
    const part = { sha2, contentType: 'text/plain', bytes, headers: {} };
    assert.equal((await matchAttachments([statement([attachment(sha2)])], [part], 'statements')).get(sha2), part);
    const wrong = { ...part, bytes: enc.encode('other') };
    await rejects400(matchAttachments([statement([attachment(sha2)])], [wrong], 'statements'), new RegExp(`whose ${alg} is`));
  }
});

// ------------------------------------------------------------------ building responses

test('Communication §1.5.2.s3.b1: buildMultipart output parses back to the same JSON and bytes', async () => {
  const binary = concat('\r\n--xapi-', new Uint8Array([0, 255, 13, 10, 45, 45]), '\r\n');
  const text = enc.encode('plain text');
  const [h1, h2] = await Promise.all([sha256Hex(binary), sha256Hex(text)]);
  const json = JSON.stringify({ statements: [statement([attachment(h1), attachment(h2)])], more: '' });
  const built = buildMultipart(json, [
    { sha2: h1, contentType: 'application/octet-stream', bytes: binary },
    { sha2: h2, contentType: 'text/plain; charset=utf-8', bytes: text },
    { sha2: h1.toUpperCase(), contentType: 'application/octet-stream', bytes: binary },
  ]);
  const boundary = /^multipart\/mixed; boundary=(\S+)$/.exec(built.contentType)?.[1];
  assert.ok(boundary, built.contentType);
  const wire = dec.decode(built.body);
  assert.ok(wire.startsWith(`--${boundary}\r\nContent-Type: application/json\r\n\r\n${json}\r\n--${boundary}\r\n`), 'CRLF framing, JSON first');
  assert.ok(wire.endsWith(`\r\n--${boundary}--\r\n`));
  assert.equal(wire.split(`--${boundary}\r\n`).length - 1, 3, 'one part per distinct sha2');
  assert.match(wire, new RegExp(`Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: ${h2}\r\n\r\nplain text`));

  const parsed = await parseMultipart(built.contentType, built.body);
  assert.equal(parsed.json, json);
  assert.deepEqual(parsed.parts.map((p) => [p.sha2, p.contentType]), [[h1, 'application/octet-stream'], [h2, 'text/plain; charset=utf-8']]);
  assert.deepEqual(parsed.parts[0]!.bytes, binary);
  assert.deepEqual(parsed.parts[1]!.bytes, text);
  await matchAttachments((JSON.parse(parsed.json) as { statements: StatementLike[] }).statements, parsed.parts, 'statements');
});

test('Communication §1.5.2.s3.b1: buildMultipart with no attachments is a one-part body', async () => {
  const built = buildMultipart('{"statements":[]}', []);
  const parsed = await parseMultipart(built.contentType, built.body);
  assert.equal(parsed.json, '{"statements":[]}');
  assert.deepEqual(parsed.parts, []);
});

test('RFC 2045 §5.1: buildMultipart refuses a content type that would break the part headers', () => {
  assert.throws(() => buildMultipart('{}', [{ sha2: 'a'.repeat(64), contentType: 'text/plain\r\nX-Injected: 1', bytes: new Uint8Array() }]), TypeError);
});

// ------------------------------------------------------------------ signed statements

// Test-only RSA key and self-signed certificates (openssl req -x509 -newkey rsa:2048), never used
// outside this file. OTHER_CERT belongs to a different key.
const SIGNER_KEY = `-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDXcPatUcafQZPq
GTZrwLuiuJmTU2cTbHO7fhFbgEC0zLmUGj8n+KcsGDCrKJpY3xY62ujNwMAWn543
LcNHjwPe2+tiI/2dcXixxCtIJ31n90oEs5m4FeHjkxS+dlH3EoKMgM8CStX91YKS
P/sc8CkgcK/cRf9dDzdMxJ1D9HIhy2bqads42iRSOsATC/U9X6UnF2GhNHbF9JW7
BlZ+ii6ihOSjhDQVXvEFoUz6WZUkvoxaynRbVpcJBaXpv8S3u/KH4hxNBf9CjkxF
AE2MwyyMCUSVbIiU1DvshrLjCyQE0FiDezM9UxtQWg/8ID96HyUruMH0YJRNWKRx
4goSu6uBAgMBAAECggEADC1JWmoZC0VRaLwWFFvamL7munbOiHPq/3m63dLo7vWN
tuF1smFE6aKDlbKZm4froYksx8krBXXuIyysZFRtocbVjg1+UMwDrpO2f1rw2DoY
IYRMavHQFUtp5iRmS5js1UFhvr2fsyIo21iC0/oX1cqPItvqxaxasgJNTtr3j6tT
gcZEoDy+nHFuhclJNmHCwrY/XLazy9b744vkrB923+5HZty3Dhh7H3xFNkXb4Aw2
1vrWsikyBKNGMO7M+NQ1nQDEZYPFao74AfZWnxWJ2B6jX7hQCmuUuBhKURjjn+/D
8EP5HDSSHOTCbXMS7S2pN3M0p6z+DjMcfIOKauvHVQKBgQDwnGeh5DJ5YU22wqDu
5MKU9dS3ilmSvqkj+pYcbllPlsO7Sv5yWBPHKiWdX0c+oOIRyOj5rBJXyTjX77Lg
O7PKKnrwzaScHFd7c1Sp9gOMpzWffBunB3Id/LOYppkhIE8X1AXQEgQYPsdzlr53
CLeLZ/dS+ZGfCgXZ1Jkz1oGBBwKBgQDlOHKnPLQFeh8hVfXMmzlsYZF5IkgQdPYD
u3Mn4tExzKjd6Jiy6FONYQ+Tgl3WjlwiVGT6WJTjDZ6GqvXpsYLTiZgA63G3Tanf
pCFV8sPtoCcRpaj46pWi4wZQD3e5qTx37iz9GBcbZ63/gA08DD3C59DoNUlitRFy
vsmb1Rm1NwKBgFEEKPTe9IvgUp2OLUgjKM2ldMmUQRLjNeqSbscF9PaSijdfSgvQ
UmCGdYHm2gNhgp2Aa8ndwZNjgstav303PRN+eETqyVlzRZWgwMo1tv4+MxUPYfQ8
0pT8SLDGr9rymQ8p6gckedJ8GQZ3pIxKGBtNl36N4BWP92ZganGE8bgzAoGAVt2h
dYcnobu5+GQfFj7s8Am5m3JGZRYt9RQge8kVBg5NIGt5ErPAlh9mS7xn21tvxwK8
kbLoGXOb0+UN9FX1Aj1ugUq4eYLREZOdnni1j2PV6nYhJtOfiW8HgWebM5zS8ZAt
NGzgtN4BroXUfiEVdrtrC9TFzsZXqmhq9sc3StkCgYEAlWSqIxrgH9X8qoZjnXR1
7JDIgwaWXBUe81EPWEeEYTy28cD4U3dEcuBb5B5URG5T1FdtkrzQZXcAyiy3qZRG
A1yoZukLhslsDuJ670sqlN1JnUXSxJ5PWhKwhH1LBTtVSCojsrzfSrzUFCJtxUb7
cw7oFQBWvpnDtymt8u8fjSg=
-----END PRIVATE KEY-----`;
const SIGNER_CERT = 'MIIDHTCCAgWgAwIBAgIUDgvR4tbAJIotuvN8/diK+D3zlHwwDQYJKoZIhvcNAQELBQAwHTEbMBkGA1UEAwwSQ2hhbXBhIHRlc3Qgc2lnbmVyMCAXDTI2MTEyMTIzMzM1NFoYDzIxMjYxMDI4MjMzMzU0WjAdMRswGQYDVQQDDBJDaGFtcGEgdGVzdCBzaWduZXIwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEKAoIBAQDXcPatUcafQZPqGTZrwLuiuJmTU2cTbHO7fhFbgEC0zLmUGj8n+KcsGDCrKJpY3xY62ujNwMAWn543LcNHjwPe2+tiI/2dcXixxCtIJ31n90oEs5m4FeHjkxS+dlH3EoKMgM8CStX91YKSP/sc8CkgcK/cRf9dDzdMxJ1D9HIhy2bqads42iRSOsATC/U9X6UnF2GhNHbF9JW7BlZ+ii6ihOSjhDQVXvEFoUz6WZUkvoxaynRbVpcJBaXpv8S3u/KH4hxNBf9CjkxFAE2MwyyMCUSVbIiU1DvshrLjCyQE0FiDezM9UxtQWg/8ID96HyUruMH0YJRNWKRx4goSu6uBAgMBAAGjUzBRMB0GA1UdDgQWBBRvqnaWrFCUqjlaLfuAtn1hQq2hLTAfBgNVHSMEGDAWgBRvqnaWrFCUqjlaLfuAtn1hQq2hLTAPBgNVHRMBAf8EBTADAQH/MA0GCSqGSIb3DQEBCwUAA4IBAQDSFXsRFa7xMDqMEo/PMai7cz5DkrdQUrKBaCi0JGVEPSBLaivlhPAUw8A4Vox9LGsfm3vwiDoze4hoLPDJg4bd3C5Y41EKSSsJrXqRsEvHsHdMaLLGay0u/ThtZuq9a5zBROw0gQg0pWoLnCuJ6D46fygw+e3KwnqGxPRtxu4/8TjfUVuTMnhZkXU4TP//qBluN/WaTct+SkRHyK6K2MOzb2DbPIyT47PM/W+FqBeidxsHi2fnl6uMmEcf2ht8fJQKAubLJGnt8vWLV+QtgXBCHc2nbxv5zU2NpnygJDW4OSS+GXUv764l18O3aLH2i/NhAf79xprbMHl/6m9COX/l';
const OTHER_CERT = 'MIIDHzCCAgegAwIBAgIUaiL2ChBdc5E57ghkxaH0NWAWW64wDQYJKoZIhvcNAQELBQAwHjEcMBoGA1UEAwwTQ2hhbXBhIG90aGVyIHNpZ25lcjAgFw0yNjExMjEyMzMzNTVaGA8yMTI2MTAyODIzMzM1NVowHjEcMBoGA1UEAwwTQ2hhbXBhIG90aGVyIHNpZ25lcjCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBALu6BFby54l3Ii2I9D95Na8+keBDpW30ajD8czU0BdWt8AmmJVl4pC7309bT4Aplm0QJogoUBBflZ31upNwNI94mA/TSPdlFbHZZiT4DFyX18TRPtPI/JdQbA2l6xWS6ryNuMUaLB6r1e8NUWkyE8ZPBq2wPyLKX8ZmpFB6C0ltBogKKN9nriLeuyV8XjsAjABENkUfdU2oEOF/qU+zOvRuZbG8QpeS1uGBUZf7ni2jydrKRCZaypEp0tGeY1oQZxhKcI5DiGFpGlLRWHv00qwipv2sdZr7CE+8ZwlJ4XD7GnYLd8mIZ8eCfHgGkZq/qy+vNKADM4hk0ELVWcOkI3jsCAwEAAaNTMFEwHQYDVR0OBBYEFPmV7qx/jOGqOkDCv67U4wZS4sS0MB8GA1UdIwQYMBaAFPmV7qx/jOGqOkDCv67U4wZS4sS0MA8GA1UdEwEB/wQFMAMBAf8wDQYJKoZIhvcNAQELBQADggEBAG9LJEJL+YThAzIudGbDs7xBSOfK2OFiGYm/vz06E5EkkTeL/kdaYmWhmLh54QjbGRF/EjbsbP9q2TfvUC3HaUFNobWqDSR/kYDmBwki9vePR3JXuQITwNsHYpHzgk2ajCoCcWMJ4MqfApS+hGHIjQayqFiiFKuYqDhGKxr6jda9gSz+3aASX431b9GddOdog5pN/PoU582MM7fVd6g/mc4BVufjwCRDl9yofO6Zw6h3pS/cw2zZ8bj9r/l6gB+XEos0nlDAo5WyCIUTE5Wx7OLbnspP2dzaZMYOXT/RwxDXIE0UZcHknf0EnEsEjBaDHXtUCdBCOUL1oOOQ27w4C5g=';

interface SignOptions {
  alg?: string;
  x5c?: string[];
  payload?: string;
  contentType?: string;
  serialization?: 'compact' | 'flattened';
}

/** A statement signed the way the ADL conformance suite does it: the JWS of the statement without
 * attachments, then the signature attachment added. Returns it with its signature part. */
async function signed(base: Record<string, unknown>, options: SignOptions = {}): Promise<{ statement: StatementLike; part: AttachmentPart }> {
  const alg = options.alg ?? 'RS256';
  const payload = enc.encode(options.payload ?? JSON.stringify(base));
  const key = alg.startsWith('HS') ? enc.encode('a shared secret of thirty-two bytes!') : await importPKCS8(SIGNER_KEY, alg);
  const header = { alg, ...(options.x5c ? { x5c: options.x5c } : {}) };
  const jws = options.serialization === 'flattened'
    ? JSON.stringify(await new FlattenedSign(payload).setProtectedHeader(header).sign(key))
    : await new CompactSign(payload).setProtectedHeader(header).sign(key);
  const bytes = enc.encode(jws);
  const sha2 = await sha256Hex(bytes);
  const signedStatement = {
    ...base,
    attachments: [...((base.attachments as object[] | undefined) ?? []), {
      usageType: SIGNATURE_USAGE_TYPE,
      display: { 'en-US': 'Signed by the test suite' },
      contentType: options.contentType ?? 'application/octet-stream',
      length: bytes.length,
      sha2,
    }],
  } as StatementLike;
  return { statement: signedStatement, part: { sha2, contentType: 'application/octet-stream', bytes, headers: {} } };
}

const base = () => ({ id: 'f7c1fd5a-9d44-4d65-9a8e-3c1bf2f6a5b1', ...statement() });

/** The whole request path: wire body → parse → match → verify, as statements.ts runs it. */
async function receive(s: StatementLike, part: AttachmentPart, version: '1.0.3' | '2.0.0' = '2.0.0'): Promise<void> {
  const body = bodyOf('sig', JSON.stringify([s]), partOf('sig', part.sha2, part.bytes));
  const { json, parts } = await parseMultipart('multipart/mixed; boundary=sig', body);
  const statements = JSON.parse(json) as StatementLike[];
  await verifySignatures(statements, await matchAttachments(statements, parts, 'statements'), 'statements', version);
}

test('Data §2.6.s4.b4: statements signed with RS256, RS384 and RS512 and an x5c certificate are accepted', async () => {
  for (const alg of ['RS256', 'RS384', 'RS512']) {
    const { statement: s, part } = await signed(base(), { alg, x5c: [SIGNER_CERT] });
    await receive(s, part);
  }
});

test('Data §2.6.s5.b3.b3: without an x5c certificate only the form and payload are checked', async () => {
  const { statement: s, part } = await signed(base());
  await receive(s, part);
});

test('Data §2.6.s4.b1 (conformance "bad contentType"): a signature attachment that is not application/octet-stream is refused', async () => {
  const { statement: s, part } = await signed(base(), { contentType: 'text/plain; charset=ascii' });
  await rejects400(receive(s, part), /^statements\[0\]\.attachments\[0\]\.contentType: a signature must be application\/octet-stream, got "text\/plain; charset=ascii"/);
});

test('Data §2.6.s4.b4 (conformance "bad algorithm"): an HS256 signature is refused', async () => {
  const { statement: s, part } = await signed(base(), { alg: 'HS256' });
  await rejects400(receive(s, part), /^statements\[0\]\.attachments\[0\]: the JWS algorithm must be RS256, RS384 or RS512, got "HS256"/);
});

test('Data §2.6.s4.b3 (conformance "bad JSON serialization"): a payload that is not JSON is refused', async () => {
  const { statement: s, part } = await signed(base(), { payload: JSON.stringify(base()).replace('"', "'") });
  await rejects400(receive(s, part), /the JWS payload is not base64url-encoded JSON/);
});

test('Data §2.6.s5.b3.b2: a payload that differs from the received statement is refused, naming where', async () => {
  const { statement: s, part } = await signed(base());
  const tampered = { ...s, actor: { mbox: 'mailto:someone-else@example.com', objectType: 'Agent' } } as StatementLike;
  await rejects400(receive(tampered, part), /the signed Statement differs from the received one at actor\.mbox/);
  const extra = { ...s, result: { success: true } } as StatementLike;
  await rejects400(receive(extra, part), /differs from the received one at result/);
});

test('Data §2.6.s5.b1: a signature part that is not a JWS is refused', async () => {
  const bytes = enc.encode('this is not a signature');
  const sha2 = await sha256Hex(bytes);
  const s = { ...base(), attachments: [{ usageType: SIGNATURE_USAGE_TYPE, display: { en: 'sig' }, contentType: 'application/octet-stream', length: bytes.length, sha2 }] };
  await rejects400(receive(s, { sha2, contentType: 'application/octet-stream', bytes, headers: {} }), /the signature is not a JWS in Compact Serialization/);
});

test('Data §2.6.s5.b3.b3: a signature that does not verify against its x5c certificate is refused', async () => {
  const other = await signed(base(), { x5c: [OTHER_CERT] });
  await rejects400(receive(other.statement, other.part), /the JWS signature does not verify against the certificate in x5c/);

  const good = await signed(base(), { x5c: [SIGNER_CERT] });
  const jws = dec.decode(good.part.bytes);
  const flipped = jws.slice(0, -4) + (jws.endsWith('AAAA') ? 'BBBB' : 'AAAA');
  const bytes = enc.encode(flipped);
  const sha2 = await sha256Hex(bytes);
  const s = { ...good.statement, attachments: [{ ...good.statement.attachments![0]!, sha2, length: bytes.length }] };
  await rejects400(receive(s, { sha2, contentType: 'application/octet-stream', bytes, headers: {} }), /does not verify against the certificate in x5c/);

  const junk = await signed(base(), { x5c: ['bm90IGEgY2VydGlmaWNhdGU='] });
  await rejects400(receive(junk.statement, junk.part), /x5c\[0\] is not an X\.509 certificate with an RSA key/);
});

test('xAPI 2.0.0 §4.2.6: the JWS JSON Serialization is refused in 2.0.0 and accepted in 1.0.3 (Data §2.6.s4.b2)', async () => {
  const { statement: s, part } = await signed(base(), { serialization: 'flattened', x5c: [SIGNER_CERT] });
  await rejects400(receive(s, part, '2.0.0'), /xAPI 2\.0\.0 requires the JWS Compact Serialization/);
  await receive(s, part, '1.0.3');
});

test('Data §2.3.1 Statement Comparison: differences the LRS may cause are ignored when checking a signature', async () => {
  const original = {
    ...statement([attachment('d'.repeat(64), { fileUrl: 'http://example.com/f', display: { 'en-US': 'x' } })]),
    actor: { objectType: 'Group', mbox: 'mailto:team@Example.COM', member: [{ mbox: 'mailto:a@example.com' }, { mbox: 'mailto:b@example.com' }] },
    timestamp: '2024-05-01T12:00:00+07:00',
    context: { registration: 'EC531277-B57B-4C15-8D91-D292C5B2B8F7', contextActivities: { parent: { id: 'http://example.com/course' } } },
  };
  const { part } = await signed(original);
  const received = {
    ...original,
    id: 'f7c1fd5a-9d44-4d65-9a8e-3c1bf2f6a5b1', // assigned: absent from the payload
    stored: '2024-05-01T05:00:01.000Z',
    authority: { objectType: 'Agent', account: { homePage: 'https://lrs.example', name: 'client' } },
    version: '2.0.0',
    timestamp: '2024-05-01T05:00:00.000Z', // the same instant in UTC
    verb: { id: original.verb.id, display: { 'lo-LA': 'ຕອບ' } },
    object: { ...original.object, definition: { name: { en: 'Multipart' } } },
    actor: { ...original.actor, mbox: 'mailto:team@example.com', member: [...original.actor.member].reverse() },
    context: { registration: 'ec531277-b57b-4c15-8d91-d292c5b2b8f7', contextActivities: { parent: [{ id: 'http://example.com/course', objectType: 'Activity' }] } },
    attachments: [attachment('D'.repeat(64), { fileUrl: 'http://example.com/f', display: { 'EN-us': 'x' } })],
  };
  const s = { ...received, attachments: [...received.attachments, { usageType: SIGNATURE_USAGE_TYPE, display: { en: 'sig' }, contentType: 'application/octet-stream', length: part.bytes.length, sha2: part.sha2 }] };
  await verifySignature(s, part, { path: 'statement' });
});

test('Data §2.3.1.s9.b2: differences outside the exceptions count (statementDifference)', () => {
  const a = { ...base(), result: { duration: 'PT1.234S', score: { raw: 5 } } };
  assert.equal(statementDifference(a, { ...a, result: { duration: 'PT1.23S', score: { raw: 5 } } }), null, 'precision beyond 0.01 s is ignored (Data §4.6.s1.b5)');
  assert.equal(statementDifference(a, { ...a, result: { duration: 'PT1.3S', score: { raw: 5 } } }), 'result.duration');
  assert.equal(statementDifference(a, { ...a, result: { duration: 'PT1.234S', score: { raw: 6 } } }), 'result.score.raw');
  assert.equal(statementDifference(a, { ...a, id: '00000000-0000-4000-8000-000000000000' }), 'id', 'two different ids are not an LRS assignment');
  assert.equal(statementDifference(a, { ...a, actor: { mbox: 'mailto:LEARNER@example.com', objectType: 'Agent' } }), 'actor.mbox', 'the local part of an address keeps its case');
  assert.equal(statementDifference(a, { ...a, actor: { mbox: 'mailto:learner@example.com' } }), null, 'an Agent without objectType is an Agent');
});
