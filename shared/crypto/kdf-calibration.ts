import { KDF_FLOOR } from '../vault/header';
import type { KdfCost } from './key-slots';

/**
 * Choosing Argon2id parameters for a new key slot on this machine. The aim is
 * one derivation in 0.5–1.0 s: slower annoys every unlock, faster gives away
 * protection the machine could afford. The floor (64 MiB, t=3) is never
 * undercut, even on a machine where it takes longer than a second.
 *
 * Memory is raised first (up to 256 MiB), then passes: memory is what makes
 * guessing expensive on GPUs and ASICs (RFC 9106 §4), passes only add time.
 * Parallelism stays 1 because hash-wasm runs one lane at a time; more lanes
 * would cost us time without costing a parallel attacker any.
 *
 * This file only decides; it never reads a clock. `measure` (the renderer's
 * kdf.ts) runs a real derivation and reports its milliseconds, and tests pass
 * fake timings.
 */
export interface KdfCalibrationLimits {
  lowMs: number;
  highMs: number;
  aimMs: number;
  maxMemoryKiB: number;
  maxIterations: number;
  maxRounds: number;
}

export const KDF_CALIBRATION: Readonly<KdfCalibrationLimits> = {
  lowMs: 500,
  highMs: 1000,
  /** Between the bounds, so a prediction that is off by a fifth either way still lands inside. */
  aimMs: 700,
  maxMemoryKiB: 256 * 1024,
  /** Bounds the search if a measurement is absurdly fast (a broken timer). */
  maxIterations: 64,
  maxRounds: 8,
};

export interface KdfTrial {
  cost: KdfCost;
  ms: number;
}

export interface KdfCalibration {
  cost: KdfCost;
  measuredMs: number;
  /** False when the machine is too slow for the floor to fit in 1 s, or so fast that the caps stop it under 0.5 s. */
  withinTarget: boolean;
  trials: KdfTrial[];
}

export const KDF_FLOOR_COST: KdfCost = { memoryKiB: KDF_FLOOR.memoryKiB, iterations: KDF_FLOOR.iterations, parallelism: KDF_FLOOR.parallelism };

const MIB = 1024;

function work(cost: KdfCost): number {
  return cost.memoryKiB * cost.iterations;
}

function sameCost(a: KdfCost, b: KdfCost): boolean {
  return a.memoryKiB === b.memoryKiB && a.iterations === b.iterations && a.parallelism === b.parallelism;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/**
 * The cheapest-in-passes cost that does about `targetWork` KiB·passes: memory
 * first (whole MiB, at most `maxMemoryKiB`), then passes. Never below the floor.
 */
export function kdfCostForWork(targetWork: number, maxMemoryKiB: number = KDF_CALIBRATION.maxMemoryKiB, maxIterations: number = KDF_CALIBRATION.maxIterations): KdfCost {
  const memoryCeiling = Math.max(KDF_FLOOR.memoryKiB, maxMemoryKiB);
  const memoryKiB = clamp(Math.round(targetWork / KDF_FLOOR.iterations / MIB) * MIB, KDF_FLOOR.memoryKiB, memoryCeiling);
  const iterations = clamp(Math.round(targetWork / memoryKiB), KDF_FLOOR.iterations, Math.max(KDF_FLOOR.iterations, maxIterations));
  return { memoryKiB, iterations, parallelism: KDF_FLOOR.parallelism };
}

/** Argon2's time is close to linear in memory × passes; scale the last cost toward the aim. */
export function proposeNextCost(current: KdfCost, measuredMs: number, limits: KdfCalibrationLimits = KDF_CALIBRATION, maxMemoryKiB: number = limits.maxMemoryKiB): KdfCost {
  const factor = limits.aimMs / Math.max(measuredMs, 1);
  return kdfCostForWork(work(current) * factor, maxMemoryKiB, limits.maxIterations);
}

/**
 * The strongest trial inside the band; else the strongest that stayed under
 * the upper bound; else the floor (always the first trial).
 */
export function chooseCalibratedCost(trials: readonly KdfTrial[], limits: KdfCalibrationLimits = KDF_CALIBRATION): KdfCalibration {
  const first = trials[0];
  if (!first) throw new Error('KDF calibration needs at least one measurement.');
  const strongest = (list: readonly KdfTrial[]) => list.reduce((best, t) => (work(t.cost) > work(best.cost) || (work(t.cost) === work(best.cost) && t.ms < best.ms) ? t : best));
  const inBand = trials.filter((t) => t.ms >= limits.lowMs && t.ms <= limits.highMs);
  const underCeiling = trials.filter((t) => t.ms <= limits.highMs);
  const floorTrial = trials.find((t) => sameCost(t.cost, KDF_FLOOR_COST)) ?? first;
  const chosen = inBand.length > 0 ? strongest(inBand) : underCeiling.length > 0 ? strongest(underCeiling) : floorTrial;
  return { cost: chosen.cost, measuredMs: chosen.ms, withinTarget: inBand.includes(chosen), trials: [...trials] };
}

/**
 * Measures from the floor upward until one derivation lands in the band, then
 * returns the chosen cost. A measurement that fails (the machine could not
 * allocate the memory) caps memory at what worked; a failure at the floor
 * itself is passed on, since nothing weaker is allowed.
 */
export async function calibrateKdfCost(measure: (cost: KdfCost) => Promise<number> | number, limits: KdfCalibrationLimits = KDF_CALIBRATION): Promise<KdfCalibration> {
  const trials: KdfTrial[] = [];
  let memoryCap: number = limits.maxMemoryKiB;
  let cost = KDF_FLOOR_COST;
  for (let round = 0; round < limits.maxRounds; round++) {
    let ms: number;
    try {
      ms = await measure(cost);
    } catch (error) {
      if (trials.length === 0) throw error;
      const largestThatWorked = Math.max(...trials.map((t) => t.cost.memoryKiB));
      // A failure that was not about memory gives us nothing to steer by.
      if (cost.memoryKiB <= largestThatWorked) break;
      memoryCap = largestThatWorked;
      const best = chooseCalibratedCost(trials, limits);
      cost = kdfCostForWork(work(best.cost) * (limits.aimMs / Math.max(best.measuredMs, 1)), memoryCap, limits.maxIterations);
      if (trials.some((t) => sameCost(t.cost, cost))) break;
      continue;
    }
    if (!Number.isFinite(ms) || ms < 0) throw new Error(`KDF calibration got an impossible timing: ${String(ms)} ms.`);
    trials.push({ cost, ms });
    if (ms >= limits.lowMs && ms <= limits.highMs) break;
    const next = proposeNextCost(cost, ms, limits, memoryCap);
    if (trials.some((t) => sameCost(t.cost, next))) break;
    cost = next;
  }
  return chooseCalibratedCost(trials, limits);
}
