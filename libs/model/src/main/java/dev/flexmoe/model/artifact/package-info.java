/**
 * What flexmoe exchanges: the public model directory, expert artifacts (only the new expert's
 * tensors, never data), model-version manifests, merging with no training, and export/import of one
 * Hugging Face FlexOlmo checkpoint; and the weight-space baselines built from dense models (model
 * soups, dense models as experts).
 */
package dev.flexmoe.model.artifact;
