namespace MusicVideo.Core.Media;

/// <summary>An AAC-LC AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1) whose sample rate and channels ffprobe reports unchanged.</summary>
sealed record AacAudioSpecificConfig(int SampleRate, int Channels)
{
    static readonly int[] SampleRates = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

    /// <summary>Parses the config, or returns null for anything but plain AAC-LC in mono or stereo that decodes at its own rate.</summary>
    /// <remarks>
    /// HE-AAC doubles the rate and changes the profile once a decoder sees SBR data. A config that says "no SBR" in its
    /// sync extension (as ffmpeg's encoder writes) rules that out; a two-byte config only does at rates of 32 kHz and up,
    /// where no encoder adds SBR. Everything else is left to ffprobe.
    /// </remarks>
    public static AacAudioSpecificConfig? Parse(ReadOnlySpan<byte> config)
    {
        if (config.Length is not (2 or 5))
        {
            return null;
        }

        int objectType = config[0] >> 3;
        int rateIndex = ((config[0] & 0x07) << 1) | (config[1] >> 7);
        int channels = (config[1] >> 3) & 0x0f;
        bool plainGeneralAudio = (config[1] & 0x07) == 0; // frameLengthFlag (1024 samples), dependsOnCoreCoder, extensionFlag
        if (objectType != 2 || rateIndex >= SampleRates.Length || channels is not (1 or 2) || !plainGeneralAudio)
        {
            return null;
        }

        int rate = SampleRates[rateIndex];
        if (config.Length == 2)
        {
            return rate >= 32000 ? new AacAudioSpecificConfig(rate, channels) : null;
        }

        // syncExtensionType 0x2b7 (11 bits), extensionAudioObjectType 5 = SBR (5 bits), sbrPresentFlag 0, then padding.
        int extension = (config[2] << 16) | (config[3] << 8) | config[4];
        bool noSbr = (extension >> 13) == 0x2b7 && ((extension >> 8) & 0x1f) == 5 && ((extension >> 7) & 1) == 0;
        return noSbr ? new AacAudioSpecificConfig(rate, channels) : null;
    }
}
