"""Reader fuzzing: real records, mutated, through the loader's own reading path.

Shared by the CI test (``tests/unit/fuzz/``, a few hundred cases per reader) and
the long run (``bench/fuzz.py --cases 100000``):

- :mod:`tests.fuzz.seeds`: small documents per reader, cut from the corpus;
- :mod:`tests.fuzz.mutations`: ``random.Random(seed)`` mutations of them;
- :mod:`tests.fuzz.harness`: one case (a file -> records and errors, and every
  record written back in each output form), and what counts as a failure;
- :mod:`tests.fuzz.worker`: cases run in a child process, so a crash, a memory
  flood or a hang is a counted failure of one case, not the end of the run.
"""
