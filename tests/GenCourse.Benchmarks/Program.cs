using GenCourse.Benchmarks;

// dotnet run -c Release --project tests/GenCourse.Benchmarks -- <workload> [options]
// Every workload but conv-kernels runs the same step on both engines, interleaved, and prints one JSON object per
// line on stdout with both figures and their ratio; progress and notes go to stderr.
var workloads = typeof(IWorkload).Assembly.GetTypes()
    .Where(t => typeof(IWorkload).IsAssignableFrom(t) && !t.IsAbstract)
    .Select(t => (IWorkload)Activator.CreateInstance(t)!)
    .ToDictionary(w => w.Name);

bool help = args.Length == 0 || args[0] is "--help" or "-h";
if (help || !workloads.TryGetValue(args[0], out var workload))
{
    if (!help) Console.Error.WriteLine($"unknown workload '{args[0]}'");
    Console.Error.WriteLine("usage: GenCourse.Benchmarks <workload> [--rounds N] [options]");
    Console.Error.WriteLine("Each workload runs on GenCourse's engine and on TorchSharp (libtorch) in this process, alternating for");
    Console.Error.WriteLine("--rounds rounds after a warm-up of both, and prints medians, min/max and the ratio ours/theirs.");
    Console.Error.WriteLine("workloads:");
    foreach (var w in workloads.Values.OrderBy(w => w.Name))
        Console.Error.WriteLine($"  {w.Name,-12} {w.Description}");
    return help ? 0 : 2;
}
workload.Run(new Options(args.Skip(1).ToArray()));
return 0;
