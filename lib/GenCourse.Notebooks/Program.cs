using GenCourse.Notebooks.Cli;

return CommandLine.Execute(args, Console.Out, Console.Error);
