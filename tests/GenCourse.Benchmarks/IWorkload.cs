namespace GenCourse.Benchmarks;

/// <summary>A benchmark workload selected by name on the command line.</summary>
public interface IWorkload
{
    string Name { get; }
    string Description { get; }
    void Run(Options options);
}
