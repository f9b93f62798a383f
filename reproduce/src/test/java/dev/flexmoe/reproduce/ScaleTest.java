package dev.flexmoe.reproduce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flexmoe.model.nn.Precision;
import dev.flexmoe.model.train.TrainingSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScaleTest {

  private static List<TrainingSettings> trainings(Scale scale) {
    return List.of(
        scale.publicTraining(),
        scale.expertTraining(5),
        scale.denseTraining(5),
        scale.routerTuning());
  }

  @Test
  void everyTrainingRunsInTheScalesPrecision() {
    assertThat(trainings(Scale.TINY))
        .extracting(TrainingSettings::precision)
        .containsOnly(Precision.FLOAT32);
    assertThat(trainings(Scale.TINY.withPrecision(Precision.BFLOAT16)))
        .extracting(TrainingSettings::precision)
        .containsOnly(Precision.BFLOAT16);
  }

  @Test
  void aModelTrainedInAnotherPrecisionIsAnotherCachedStep() {
    // a step's cache key holds its settings as text: a float32 model is never reused for bfloat16
    Scale bfloat16 = Scale.TINY.withPrecision(Precision.BFLOAT16);
    assertThat(bfloat16.publicTraining().toString())
        .isNotEqualTo(Scale.TINY.publicTraining().toString());
    assertThat(bfloat16.withPrecision(Precision.FLOAT32)).isEqualTo(Scale.TINY);
  }
}
