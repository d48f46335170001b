using CorrelationHub.Media.Recording;

namespace CorrelationHub.Media.Tests;

/// <summary>Files created in recording folders that do not exist yet, by several threads at once (as the file lanes do).</summary>
public sealed class RecordingDirectoriesTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "recording-dirs-" + Guid.NewGuid().ToString("N")[..10]);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Threads_racing_to_make_a_new_folder_all_get_their_files()
    {
        // A thread whose create fails while another makes the folder sees the failure as FileNotFoundException, not
        // DirectoryNotFoundException: one in some hundred new folders on two cores. Every file must still be made.
        const int Folders = 300;
        const int Threads = 4;
        var failures = 0;
        for (var folder = 0; folder < Folders; folder++)
        {
            var directory = Path.Combine(_root, folder.ToString("D3"), "07");
            using var start = new Barrier(Threads);
            var creators = Enumerable.Range(0, Threads).Select(t => Task.Factory.StartNew(
                () =>
                {
                    start.SignalAndWait();
                    try
                    {
                        if (t % 2 == 0)
                        {
                            RecordingDirectories.CreateNew(Path.Combine(directory, $"{t}.wav.part"), 4096).Dispose();
                        }
                        else
                        {
                            RecordingDirectories.Write(Path.Combine(directory, $"{t}.segment.json.tmp"), [1, 2, 3]);
                        }
                    }
                    catch (IOException)
                    {
                        Interlocked.Increment(ref failures);
                    }
                },
                TaskCreationOptions.LongRunning)).ToArray();
            await Task.WhenAll(creators);
        }

        Assert.Equal(0, failures);
        Assert.Equal(Folders * Threads, Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories).Count());
    }
}
