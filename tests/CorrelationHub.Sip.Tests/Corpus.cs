using CorrelationHub.TestSupport;

namespace CorrelationHub.Sip.Tests;

/// <summary>The message corpus of this suite (see Corpus/README.md) and the shared story fixtures.</summary>
internal static class Corpus
{
    public static string Path(string name) => System.IO.Path.Combine(RepoPaths.Root, "tests", "CorrelationHub.Sip.Tests", "Corpus", name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path(name));

    public static string Text(string name) => File.ReadAllText(Path(name));

    /// <summary>Every corpus and fixture SIP message, by name.</summary>
    public static IEnumerable<string> AllMessages() =>
        Directory.GetFiles(System.IO.Path.GetDirectoryName(Path("x"))!, "*.sip").Select(f => "corpus:" + System.IO.Path.GetFileName(f))
            .Concat(Directory.GetFiles(RepoPaths.Fixture("sip"), "*.sip").Select(f => "fixture:" + System.IO.Path.GetFileName(f)))
            .Order(StringComparer.Ordinal);

    public static byte[] Load(string qualified) => qualified.StartsWith("corpus:", StringComparison.Ordinal)
        ? Bytes(qualified["corpus:".Length..])
        : RepoPaths.FixtureBytes("sip/" + qualified["fixture:".Length..]);
}
