/**
 * Benchmarks of the model core. Every figure is a ratio against a baseline measured in the same
 * process and run, because the machines are shared and absolute numbers drift from run to run.
 */
package dev.flexmoe.bench;
