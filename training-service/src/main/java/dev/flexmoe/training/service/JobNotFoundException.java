package dev.flexmoe.training.service;

/** No job has this id. */
public final class JobNotFoundException extends RefusedException {

  JobNotFoundException(String id) {
    super("job-not-found", null, "no job " + id);
  }
}
