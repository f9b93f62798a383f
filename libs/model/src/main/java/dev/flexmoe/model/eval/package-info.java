/** Quality measures: bits per byte of a text set, and where the router sends tokens. */
package dev.flexmoe.model.eval;
