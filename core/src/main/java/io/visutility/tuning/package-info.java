/**
 * Hyper-parameter tuning: a {@link io.visutility.tuning.SearchSpace} (from JSON), a
 * {@link io.visutility.tuning.Study} driven by ask/tell and rebuilt from its
 * {@link io.visutility.tuning.StudyEvent}s, and the {@link io.visutility.tuning.Sampler}s that choose
 * each trial's values: random, grid, learning-rate decay and TPE (Bergstra et al. 2011, with Optuna
 * 3.1's defaults and constant liar). Depends on nothing else of ours.
 */
package io.visutility.tuning;
