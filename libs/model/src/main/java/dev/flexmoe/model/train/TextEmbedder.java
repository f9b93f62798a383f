package dev.flexmoe.model.train;

/** Turns a text into a vector of fixed length, without any model of flexmoe's. */
public interface TextEmbedder {

  int dimensions();

  float[] embed(String text);
}
