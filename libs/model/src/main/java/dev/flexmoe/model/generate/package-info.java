/** Text generation with a KV cache: greedy, temperature and nucleus (top-p) sampling, seeded. */
package dev.flexmoe.model.generate;
