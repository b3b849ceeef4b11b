using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Microsoft.Data.Analysis;

namespace GenCourse.Plotting;

/// <summary>
/// Notebook formatters for types the kit does not own, registered with the .NET Interactive kernel the kit is loaded
/// into: a Microsoft.Data.Analysis DataFrame shows as an HTML table (its own Interactive formatter package is not on
/// the feed), and a Plotly.NET GenericChart is drawn like a <see cref="Figure"/>, with the one plotly.js version the site
/// bundles. Outside a kernel nothing happens.
/// </summary>
internal static class NotebookFormatters
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "A notebook loads the kit with #r, which runs no extension code: loading the module is the only moment to register formatters for DataFrame and GenericChart before a cell shows one.")]
    internal static void Register()
    {
        // An exception here would be cached as the module's TypeInitializationException and fail every later use of
        // the kit in the process (seen once when two kernels started at the same moment): without these formatters a
        // DataFrame or GenericChart still shows, as the kernel's own text.
        try
        {
            if (!InteractiveKernel.IsLoaded) return;
            InteractiveKernel.RegisterFormatters(typeof(DataFrame));
            PlotlyNet.WhenLoaded(InteractiveKernel.RegisterFormatters);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"GenCourse: the DataFrame/GenericChart formatters were not registered ({e.GetType().Name}: {e.Message}); they show as text");
        }
    }
}
