namespace CorrelationHub.Media.Srtp;

/// <summary>
/// AES counter mode for one session key: with AES instructions the keystream comes from
/// <see cref="AesNiCounterMode"/> (no call out of managed code), otherwise from the platform cipher
/// (<see cref="EcbCounterMode"/>). Only the one in use is set up. Not thread-safe, like the session that owns it.
/// </summary>
public sealed class AesCounterCipher : IDisposable
{
    private readonly AesNiCounterMode? _native;
    private readonly EcbCounterMode? _platform;

    public AesCounterCipher(byte[] key)
        : this(key, usePlatformCipher: false)
    {
    }

    /// <summary>With <paramref name="usePlatformCipher"/> the platform's AES is used even where AES-NI is available (tests compare the two).</summary>
    internal AesCounterCipher(byte[] key, bool usePlatformCipher)
    {
        _native = usePlatformCipher ? null : AesNiCounterMode.Create(key);
        _platform = _native is null ? new EcbCounterMode(key) : null;
    }

    /// <summary>XORs the keystream that starts at counter block <paramref name="iv"/> into <paramref name="data"/>.</summary>
    public void Xor(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        if (_native is not null)
        {
            _native.Xor(iv, data);
        }
        else
        {
            _platform!.Xor(iv, data);
        }
    }

    public void Dispose() => _platform?.Dispose();
}
