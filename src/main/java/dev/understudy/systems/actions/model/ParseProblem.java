package dev.understudy.systems.actions.model;

/** Something wrong with the shape of a workflow, found while reading it. */
public record ParseProblem(Pos pos, String message) {}
