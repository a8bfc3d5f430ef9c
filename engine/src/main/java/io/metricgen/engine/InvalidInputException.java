package io.metricgen.engine;

import java.util.List;
import java.util.stream.Collectors;

/** Input that can't be used as it is: each problem names where it is and what would be valid. */
public class InvalidInputException extends MetricgenException {

  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  public InvalidInputException(List<Problem> problems) {
    super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public InvalidInputException(Problem problem) {
    this(List.of(problem));
  }

  public List<Problem> problems() {
    return problems;
  }
}
