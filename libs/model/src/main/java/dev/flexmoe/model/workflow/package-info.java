/**
 * The use cases behind the {@code flexmoe} command line (and later the services): train a
 * tokenizer, the public model, an expert, a dense domain model, the unrestricted MoE baseline;
 * merge; evaluate; generate. Each reads and writes the artifact directories of {@code
 * dev.flexmoe.model.artifact}.
 */
package dev.flexmoe.model.workflow;
