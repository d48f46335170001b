namespace CorrelationHub.TestSupport;

/// <summary>Locates the repository (the folder holding CorrelationHub.sln) and its test fixtures.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CorrelationHub.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("CorrelationHub.sln not found above " + AppContext.BaseDirectory);
    });

    public static string Root => RootPath.Value;

    public static string Fixture(string relative) => Path.Combine(Root, "tests", "fixtures", relative);

    public static byte[] FixtureBytes(string relative) => File.ReadAllBytes(Fixture(relative));

    public static string FixtureText(string relative) => File.ReadAllText(Fixture(relative));
}
