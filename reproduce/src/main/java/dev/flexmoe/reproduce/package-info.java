/**
 * The paper's comparison on FlexMix-lite, end to end: tokenizer, public model, one expert per
 * domain (each trained on its own domain only), dense domain models for the baselines, merges, and
 * the evaluation of every system on every domain — as tables (Markdown, CSV) and charts (PNG).
 */
package dev.flexmoe.reproduce;
