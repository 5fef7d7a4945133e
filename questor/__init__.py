"""Questor: a self-hosted question-and-answer community."""
