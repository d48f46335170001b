using CorrelationHub.SipIngest.MediaHost;
using CorrelationHub.SipIngest.Options;

namespace CorrelationHub.SipIngest.Tests;

/// <summary>The local file store the web host plays and deletes audio through: only files under Recording:Directory.</summary>
public sealed class RecordingFileStoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ch-files-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private LocalRecordingFileStore Store() => new(Microsoft.Extensions.Options.Options.Create(new RecordingOptions { Directory = Path.Combine(_root, "recordings") }));

    [Fact]
    public void A_finished_file_opens_seekable_and_deletes()
    {
        var path = Path.Combine(_root, "recordings", "2026", "04", "20", "r-01.wav");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [1, 2, 3, 4]);
        var store = Store();

        using (var stream = store.OpenRead("2026/04/20/r-01.wav"))
        {
            Assert.NotNull(stream);
            Assert.True(stream.CanSeek);
            Assert.Equal(4, stream.Length);
        }

        Assert.True(store.Delete("2026/04/20/r-01.wav"));
        Assert.False(File.Exists(path));
        Assert.Null(store.OpenRead("2026/04/20/r-01.wav"));
        Assert.True(store.Delete("2026/04/20/r-01.wav"));
    }

    [Theory]
    [InlineData("../outside.wav")]
    [InlineData("2026/../../outside.wav")]
    [InlineData("/etc/hostname")]
    public void A_path_that_leaves_the_directory_is_never_opened_or_deleted(string audioFile)
    {
        var outside = Path.Combine(_root, "outside.wav");
        File.WriteAllBytes(outside, [1]);
        var store = Store();

        Assert.Null(store.OpenRead(audioFile));
        Assert.True(store.Delete(audioFile));
        Assert.True(File.Exists(outside));
    }
}
