using System.Reflection;
using GenCourse.Benchmarks;

// dotnet run -c Release --project tests/GenCourse.Benchmarks -- <workload> [options]
// Prints one JSON object per line on stdout; progress and notes go to stderr.
var workloads = typeof(IWorkload).Assembly.GetTypes()
    .Where(t => typeof(IWorkload).IsAssignableFrom(t) && !t.IsAbstract)
    .Select(t => (IWorkload)Activator.CreateInstance(t)!)
    .ToDictionary(w => w.Name);

if (args.Length == 0 || !workloads.TryGetValue(args[0], out var workload))
{
    Console.Error.WriteLine("usage: GenCourse.Benchmarks <workload> [options]");
    Console.Error.WriteLine("workloads:");
    foreach (var w in workloads.Values.OrderBy(w => w.Name))
        Console.Error.WriteLine($"  {w.Name,-12} {w.Description}");
    return args.Length == 0 ? 0 : 2;
}
workload.Run(new Options(args.Skip(1).ToArray()));
return 0;
