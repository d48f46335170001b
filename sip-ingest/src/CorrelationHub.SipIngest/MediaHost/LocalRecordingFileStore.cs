using CorrelationHub.Facts;
using CorrelationHub.SipIngest.Options;
using Microsoft.Extensions.Options;

namespace CorrelationHub.SipIngest.MediaHost;

/// <summary>Recordings under <c>Recording:Directory</c> on this host; a path that leaves the directory is never opened.</summary>
internal sealed class LocalRecordingFileStore(IOptions<RecordingOptions> options) : IRecordingFileStore
{
    public Stream? OpenRead(string audioFile)
    {
        if (PathOf(audioFile) is not { } path || !File.Exists(path))
        {
            return null;
        }

        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, FileOptions.Asynchronous);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    public bool Delete(string audioFile)
    {
        if (PathOf(audioFile) is { } path)
        {
            File.Delete(path);
        }

        return true;
    }

    private string? PathOf(string audioFile)
    {
        var root = Path.GetFullPath(options.Value.Directory);
        var path = Path.GetFullPath(Path.Combine(root, audioFile));
        return path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? path : null;
    }
}
