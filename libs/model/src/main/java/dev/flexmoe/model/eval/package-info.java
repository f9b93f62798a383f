/**
 * Quality measures: bits per byte of a text set, and where the router sends tokens; and the
 * output-space ensembles of the baselines (classifier routing, BTM).
 */
package dev.flexmoe.model.eval;
