// Training utilities: SHA-256 (against FIPS vectors and node:crypto), JSON-lines log, progress.
import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { sha256Hex } from "../src/util/hash.js";
import { JsonLinesLog, parseLogLine, stringifyLogRecord } from "../src/train/log.js";
import { Progress, formatDuration } from "../src/train/progress.js";
import { rng } from "./helpers/lattice.js";

const nodeSha = (b: Uint8Array | string) => createHash("sha256").update(b).digest("hex");

describe("sha256Hex", () => {
  it("fipsVectors", () => {
    // FIPS 180-4 examples (NIST CSRC "SHA256.pdf", "SHA2_Additional.pdf").
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))
      .toBe("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    expect(sha256Hex("a".repeat(1_000_000))).toBe("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  });

  it("everyLengthAroundTheBlockBoundaries_MatchesNodeCrypto", () => {
    const r = rng(11);
    const bytes = Uint8Array.from({ length: 200 }, () => Math.floor(256 * r()));
    for (let n = 0; n <= 200; n++) expect(sha256Hex(bytes.subarray(0, n))).toBe(nodeSha(bytes.subarray(0, n)));
  });

  it("oneMegabyteBuffer_MatchesNodeCrypto", () => {
    const r = rng(12);
    const bytes = Uint8Array.from({ length: 1 << 20 }, () => Math.floor(256 * r()));
    expect(sha256Hex(bytes)).toBe(nodeSha(bytes));
  });

  it("float64Array_HashesItsLittleEndianBytes_StringsAsUtf8", () => {
    const w = Float64Array.of(0.1, -2.5, 1e-300, NaN, -0);
    const le = Buffer.alloc(8 * w.length);
    w.forEach((v, i) => le.writeDoubleLE(v, 8 * i));
    expect(sha256Hex(w)).toBe(nodeSha(le));
    expect(sha256Hex("Å é ε")).toBe(nodeSha(Buffer.from("Å é ε", "utf8")));
  });
});

describe("JsonLinesLog", () => {
  it("sortedKeysAtEveryDepth_OneLinePerRecord", () => {
    const lines: string[] = [];
    const log = new JsonLinesLog((l) => lines.push(l));
    log.record({ loss: 1.5, epoch: 3, train: { rmse: 2, mae: 1 }, skip: undefined });
    log.record({ b: [Float64Array.of(1, 2)], a: "x" });
    expect(lines).toEqual(['{"epoch":3,"loss":1.5,"train":{"mae":1,"rmse":2}}', '{"a":"x","b":[[1,2]]}']);
  });

  it("numbersRoundTripExactly_IncludingNaNInfinityAndMinusZero", () => {
    const r = rng(5);
    const values = [0.1 + 0.2, 5e-324, 1.7976931348623157e308, -1 / 3, 2 ** -1074, ...Array.from({ length: 200 }, () => (r() - 0.5) * 10 ** Math.floor(40 * r() - 20))];
    const back = parseLogLine(stringifyLogRecord({ values, special: [NaN, Infinity, -Infinity, -0, 0] }));
    expect((back.values as number[]).every((v, i) => Object.is(v, values[i]))).toBe(true);
    const special = back.special as number[];
    expect(Number.isNaN(special[0])).toBe(true);
    expect(special.slice(1)).toEqual([Infinity, -Infinity, -0, 0]);
    expect(Object.is(special[3], -0)).toBe(true);
    expect(Object.is(special[4], 0)).toBe(true);
  });

  it("unloggableValue_NamesItsPath", () => {
    expect(() => stringifyLogRecord({ a: { b: [1, () => 0] } })).toThrow(/\$\.a\.b\[1\] is a function/);
  });
});

/** A recording stream and a hand-driven clock. */
function harness(isTTY: boolean) {
  const out: string[] = [];
  let t = 1_000_000;
  return {
    out,
    advance: (ms: number) => { t += ms; },
    stream: { isTTY, write: (s: string) => { out.push(s); } },
    now: () => t,
  };
}

describe("Progress", () => {
  it("plainLines_Every10Percent_WithElapsedAndEta", () => {
    const h = harness(false);
    const p = new Progress(100, { label: "train", stream: h.stream, now: h.now });
    for (let i = 1; i <= 100; i++) { h.advance(1000); p.tick(1, i === 50 ? "loss 0.5" : undefined); }
    p.done("ok");
    expect(h.out.length).toBe(11);
    // after 50 ticks of 1 s: elapsed 0:50, remaining 50 s
    expect(h.out[4]).toBe("train 50/100 (50%) elapsed 0:50 ETA 0:50 loss 0.5\n");
    expect(h.out[9]).toBe("train 100/100 (100%) elapsed 1:40 ETA 0:00\n");
    expect(h.out[10]).toBe("train 100/100 done in 1:40  ok\n");
    p.tick(); // ignored after done
    expect(h.out.length).toBe(11);
  });

  it("plainLines_AlsoAfterEverySeconds", () => {
    const h = harness(false);
    const p = new Progress(1000, { label: "gen", stream: h.stream, now: h.now, everySeconds: 5 });
    for (let i = 0; i < 12; i++) { h.advance(1000); p.tick(); }
    expect(h.out).toEqual(["gen 5/1000 (0%) elapsed 0:05 ETA 16:35\n", "gen 10/1000 (1%) elapsed 0:10 ETA 16:30\n"]);
  });

  it("tty_RedrawsInPlace_AtMostEvery100ms", () => {
    const h = harness(true);
    const p = new Progress(4, { label: "fit", stream: h.stream, now: h.now, width: 8 });
    h.advance(50); p.tick();  // too soon: no redraw
    h.advance(100); p.tick(); // 2/4
    h.advance(10); p.tick();  // too soon
    h.advance(10); p.tick();  // last: always drawn
    p.done();
    expect(h.out).toEqual([
      "\rfit [####....] 2/4  50%  0:00 ETA 0:00\x1b[K",
      "\rfit [########] 4/4 100%  0:00 ETA 0:00\x1b[K",
      "\rfit [########] 4/4 100%  done in 0:00\x1b[K\n",
    ]);
  });

  it("formatDuration", () => {
    expect(formatDuration(0)).toBe("0:00");
    expect(formatDuration(61_400)).toBe("1:01");
    expect(formatDuration(3_725_000)).toBe("1:02:05");
  });
});
