import { describe, expect, it } from 'vitest';
import { KDF_CALIBRATION, KDF_FLOOR_COST, calibrateKdfCost, chooseCalibratedCost, kdfCostForWork } from '../../../shared/crypto/kdf-calibration';
import type { KdfCost } from '../../../shared/crypto/key-slots';
import { KDF_FLOOR } from '../../../shared/vault/header';

const floorWork = KDF_FLOOR.memoryKiB * KDF_FLOOR.iterations;

/** A machine on which one derivation at the floor takes `floorMs`, time linear in memory × passes, plus a fixed start-up cost. */
function machine(floorMs: number, options: { overheadMs?: number; memoryExponent?: number; noise?: number } = {}) {
  const { overheadMs = 0, memoryExponent = 1, noise = 0 } = options;
  const measured: KdfCost[] = [];
  let tick = 0;
  const measure = async (cost: KdfCost) => {
    measured.push(cost);
    const memoryFactor = (cost.memoryKiB / KDF_FLOOR.memoryKiB) ** memoryExponent;
    const jitter = 1 + noise * Math.sin(++tick * 2.3);
    return (overheadMs + (floorMs - overheadMs) * memoryFactor * (cost.iterations / KDF_FLOOR.iterations)) * jitter;
  };
  return { measure, measured };
}

function atLeastFloor(cost: KdfCost) {
  expect(cost.memoryKiB).toBeGreaterThanOrEqual(KDF_FLOOR.memoryKiB);
  expect(cost.iterations).toBeGreaterThanOrEqual(KDF_FLOOR.iterations);
  expect(cost.parallelism).toBeGreaterThanOrEqual(KDF_FLOOR.parallelism);
}

describe('KDF calibration', () => {
  it.each([10, 25, 60, 120, 200, 333, 480])('lands within 0.5–1.0 s on a machine where the floor takes %i ms', async (floorMs) => {
    const { measure, measured } = machine(floorMs);
    const result = await calibrateKdfCost(measure);
    expect(result.withinTarget).toBe(true);
    expect(result.measuredMs).toBeGreaterThanOrEqual(500);
    expect(result.measuredMs).toBeLessThanOrEqual(1000);
    atLeastFloor(result.cost);
    measured.forEach(atLeastFloor);
    expect(measured[0]).toEqual(KDF_FLOOR_COST);
  });

  it.each([
    ['a fixed start-up cost', { overheadMs: 40 }],
    ['memory that costs more than linearly', { memoryExponent: 1.4 }],
    ['noisy timings', { noise: 0.15 }],
    ['all three', { overheadMs: 30, memoryExponent: 1.3, noise: 0.1 }],
  ])('still lands within 0.5–1.0 s with %s', async (_label, options) => {
    for (const floorMs of [50, 120, 300]) {
      const result = await calibrateKdfCost(machine(floorMs, options).measure);
      expect(result.withinTarget, `floor ${floorMs} ms`).toBe(true);
      expect(result.measuredMs).toBeGreaterThanOrEqual(500);
      expect(result.measuredMs).toBeLessThanOrEqual(1000);
      atLeastFloor(result.cost);
    }
  });

  it('raises memory first, up to 256 MiB, then passes', async () => {
    const mid = await calibrateKdfCost(machine(250).measure);
    expect(mid.cost.memoryKiB).toBeGreaterThan(KDF_FLOOR.memoryKiB);
    expect(mid.cost.iterations).toBe(KDF_FLOOR.iterations);
    const fast = await calibrateKdfCost(machine(40).measure);
    expect(fast.cost.memoryKiB).toBe(256 * 1024);
    expect(fast.cost.iterations).toBeGreaterThan(KDF_FLOOR.iterations);
    expect(fast.cost.parallelism).toBe(1);
  });

  it('keeps the floor, measured once, on a machine where the floor already takes 0.5–1.0 s', async () => {
    for (const floorMs of [500, 750, 1000]) {
      const { measure, measured } = machine(floorMs);
      const result = await calibrateKdfCost(measure);
      expect(result.cost).toEqual(KDF_FLOOR_COST);
      expect(measured).toHaveLength(1);
    }
  });

  it('never goes below the floor on a slow machine, and says it missed the target', async () => {
    for (const floorMs of [1001, 1800, 6000]) {
      const { measure, measured } = machine(floorMs);
      const result = await calibrateKdfCost(measure);
      expect(result.cost).toEqual(KDF_FLOOR_COST);
      expect(result.withinTarget).toBe(false);
      measured.forEach(atLeastFloor);
    }
  });

  it('stops at the caps on an absurdly fast machine, at the strongest cost it tried', async () => {
    const result = await calibrateKdfCost(machine(1).measure);
    expect(result.withinTarget).toBe(false);
    expect(result.cost).toEqual({ memoryKiB: 256 * 1024, iterations: KDF_CALIBRATION.maxIterations, parallelism: 1 });
    expect(result.trials.length).toBeLessThanOrEqual(KDF_CALIBRATION.maxRounds);
  });

  it('caps memory at what worked when a larger allocation fails, and makes up with passes', async () => {
    const { measure: base } = machine(80);
    const measure = async (cost: KdfCost) => {
      if (cost.memoryKiB > 128 * 1024) throw new Error('out of memory');
      return base(cost);
    };
    const result = await calibrateKdfCost(measure);
    expect(result.cost.memoryKiB).toBeLessThanOrEqual(128 * 1024);
    expect(result.withinTarget).toBe(true);
    atLeastFloor(result.cost);
  });

  it('passes on a failure at the floor itself, and refuses impossible timings', async () => {
    await expect(calibrateKdfCost(() => Promise.reject(new Error('no memory at all')))).rejects.toThrow('no memory at all');
    await expect(calibrateKdfCost(() => Number.NaN)).rejects.toThrow(/impossible timing/);
    await expect(calibrateKdfCost(() => -5)).rejects.toThrow(/impossible timing/);
  });

  it('maps work to whole MiB of memory first, then passes, never under the floor', () => {
    expect(kdfCostForWork(0)).toEqual(KDF_FLOOR_COST);
    expect(kdfCostForWork(floorWork * 2)).toEqual({ memoryKiB: 128 * 1024, iterations: 3, parallelism: 1 });
    expect(kdfCostForWork(floorWork * 8)).toEqual({ memoryKiB: 256 * 1024, iterations: 6, parallelism: 1 });
    expect(kdfCostForWork(floorWork * 1.01).memoryKiB % 1024).toBe(0);
  });

  it('chooses the strongest measurement inside the band, else the strongest under 1 s, else the floor', () => {
    const cost = (memoryMiB: number, iterations = 3): KdfCost => ({ memoryKiB: memoryMiB * 1024, iterations, parallelism: 1 });
    expect(chooseCalibratedCost([{ cost: cost(64), ms: 100 }, { cost: cost(128), ms: 600 }, { cost: cost(192), ms: 900 }]).cost).toEqual(cost(192));
    expect(chooseCalibratedCost([{ cost: cost(64), ms: 100 }, { cost: cost(128), ms: 450 }, { cost: cost(192), ms: 1100 }]).cost).toEqual(cost(128));
    expect(chooseCalibratedCost([{ cost: cost(64), ms: 1400 }]).cost).toEqual(cost(64));
    expect(() => chooseCalibratedCost([])).toThrow();
  });
});
