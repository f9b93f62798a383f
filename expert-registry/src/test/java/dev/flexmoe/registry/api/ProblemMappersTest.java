package dev.flexmoe.registry.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flexmoe.registry.service.RefusedException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProblemMappersTest {

  @Test
  void everyKindOfRefusalHasItsStatus() {
    Set<Class<?>> mapped = Set.copyOf(ProblemMappers.STATUS.keySet());
    assertThat(mapped).containsExactlyInAnyOrder(RefusedException.class.getPermittedSubclasses());
  }
}
