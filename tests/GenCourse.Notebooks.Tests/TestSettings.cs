// The runner sets the process's working directory, Console.Out and GENCOURSE_PROFILE while a notebook runs,
// so runner tests must not overlap.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
