namespace MusicVideo.Core.Media;

/// <summary>The facts of an H.264 sequence parameter set (ITU-T H.264 §7.3.2.1.1 and Annex E) that ffprobe reports for a stream.</summary>
sealed record H264SequenceParameterSet(
    int ProfileIdc,
    int ConstraintFlags,
    int LevelIdc,
    int ChromaFormatIdc,
    int BitDepthLuma,
    int BitDepthChroma,
    int Width,
    int Height,
    bool FrameMbsOnly,
    (int Num, int Den)? SampleAspectRatio,
    bool? FullRange,
    (int Primaries, int Transfer, int Matrix)? Colour,
    bool PicStructPresent)
{
    static readonly (int, int)[] AspectRatios =
    [
        (0, 0), (1, 1), (12, 11), (10, 11), (16, 11), (40, 33), (24, 11), (20, 11), (32, 11),
        (80, 33), (18, 11), (15, 11), (64, 33), (160, 99), (4, 3), (3, 2), (2, 1),
    ];

    /// <summary>Parses a sequence parameter set NAL unit (header byte included), or returns null when it is malformed.</summary>
    public static H264SequenceParameterSet? Parse(ReadOnlySpan<byte> nal)
    {
        if (nal.Length < 4 || (nal[0] & 0x1f) != 7)
        {
            return null;
        }

        try
        {
            return Read(new RbspReader(nal[1..]));
        }
        catch (EndOfStreamException)
        {
            return null;
        }
    }

    static H264SequenceParameterSet? Read(RbspReader r)
    {
        int profile = r.Bits(8);
        int constraints = r.Bits(8);
        int level = r.Bits(8);
        r.Ue(); // seq_parameter_set_id
        int chroma = 1, depthLuma = 8, depthChroma = 8;
        bool separatePlanes = false;
        if (profile is 100 or 110 or 122 or 244 or 44 or 83 or 86 or 118 or 128 or 138 or 139 or 134 or 135)
        {
            chroma = r.Ue();
            if (chroma == 3)
            {
                separatePlanes = r.Flag();
            }

            depthLuma = r.Ue() + 8;
            depthChroma = r.Ue() + 8;
            r.Flag(); // qpprime_y_zero_transform_bypass_flag
            if (r.Flag())
            {
                for (int i = 0; i < (chroma != 3 ? 8 : 12); i++)
                {
                    if (r.Flag())
                    {
                        SkipScalingList(r, i < 6 ? 16 : 64);
                    }
                }
            }
        }

        r.Ue(); // log2_max_frame_num_minus4
        int pocType = r.Ue();
        if (pocType == 0)
        {
            r.Ue();
        }
        else if (pocType == 1)
        {
            r.Flag();
            r.Se();
            r.Se();
            int cycle = r.Ue();
            for (int i = 0; i < cycle; i++)
            {
                r.Se();
            }
        }

        r.Ue(); // max_num_ref_frames
        r.Flag(); // gaps_in_frame_num_value_allowed_flag
        int widthMbs = r.Ue() + 1;
        int heightMapUnits = r.Ue() + 1;
        bool frameMbsOnly = r.Flag();
        if (!frameMbsOnly)
        {
            r.Flag(); // mb_adaptive_frame_field_flag
        }

        r.Flag(); // direct_8x8_inference_flag
        int cropLeft = 0, cropRight = 0, cropTop = 0, cropBottom = 0;
        if (r.Flag())
        {
            cropLeft = r.Ue();
            cropRight = r.Ue();
            cropTop = r.Ue();
            cropBottom = r.Ue();
        }

        int chromaArrayType = separatePlanes ? 0 : chroma;
        int cropUnitX = chromaArrayType is 1 or 2 ? 2 : 1;
        int cropUnitY = (chromaArrayType == 1 ? 2 : 1) * (frameMbsOnly ? 1 : 2);
        int width = (widthMbs * 16) - (cropUnitX * (cropLeft + cropRight));
        int height = ((frameMbsOnly ? 1 : 2) * heightMapUnits * 16) - (cropUnitY * (cropTop + cropBottom));

        (int, int)? sar = null;
        bool? fullRange = null;
        (int, int, int)? colour = null;
        bool picStruct = false;
        if (r.Flag())
        {
            if (r.Flag())
            {
                int idc = r.Bits(8);
                if (idc == 255)
                {
                    sar = (r.Bits(16), r.Bits(16));
                }
                else if (idc < AspectRatios.Length)
                {
                    sar = AspectRatios[idc];
                }
                else
                {
                    return null;
                }
            }

            if (r.Flag())
            {
                r.Flag(); // overscan_appropriate_flag
            }

            if (r.Flag())
            {
                r.Bits(3); // video_format
                fullRange = r.Flag();
                if (r.Flag())
                {
                    colour = (r.Bits(8), r.Bits(8), r.Bits(8));
                }
            }

            if (r.Flag())
            {
                r.Ue();
                r.Ue();
            }

            if (r.Flag())
            {
                r.Bits(32);
                r.Bits(32);
                r.Flag();
            }

            bool nalHrd = r.Flag();
            if (nalHrd)
            {
                SkipHrd(r);
            }

            bool vclHrd = r.Flag();
            if (vclHrd)
            {
                SkipHrd(r);
            }

            if (nalHrd || vclHrd)
            {
                r.Flag(); // low_delay_hrd_flag
            }

            picStruct = r.Flag();
        }

        return new H264SequenceParameterSet(
            profile, constraints, level, chroma, depthLuma, depthChroma, width, height, frameMbsOnly, sar, fullRange, colour, picStruct);
    }

    static void SkipScalingList(RbspReader r, int size)
    {
        int last = 8, next = 8;
        for (int j = 0; j < size; j++)
        {
            if (next != 0)
            {
                next = (last + r.Se() + 256) % 256;
            }

            last = next == 0 ? last : next;
        }
    }

    static void SkipHrd(RbspReader r)
    {
        int count = r.Ue() + 1;
        r.Bits(4);
        r.Bits(4);
        for (int i = 0; i < count; i++)
        {
            r.Ue();
            r.Ue();
            r.Flag();
        }

        r.Bits(20); // four 5-bit lengths and delays
    }

    /// <summary>Reads the bits of a NAL unit payload, dropping emulation prevention bytes (00 00 03).</summary>
    sealed class RbspReader
    {
        readonly byte[] _bytes;
        long _bit;

        public RbspReader(ReadOnlySpan<byte> payload)
        {
            var bytes = new List<byte>(payload.Length);
            int zeros = 0;
            foreach (var b in payload)
            {
                if (zeros >= 2 && b == 3)
                {
                    zeros = 0;
                    continue;
                }

                zeros = b == 0 ? zeros + 1 : 0;
                bytes.Add(b);
            }

            _bytes = [.. bytes];
        }

        public bool Flag() => Bits(1) == 1;

        public int Bits(int count)
        {
            long value = 0;
            for (int i = 0; i < count; i++)
            {
                if (_bit >= _bytes.Length * 8L)
                {
                    throw new EndOfStreamException();
                }

                value = (value << 1) | (uint)((_bytes[_bit >> 3] >> (7 - (int)(_bit & 7))) & 1);
                _bit++;
            }

            return (int)value;
        }

        public int Ue()
        {
            int zeros = 0;
            while (Bits(1) == 0)
            {
                if (++zeros > 31)
                {
                    throw new EndOfStreamException();
                }
            }

            return (int)((1L << zeros) - 1 + Bits(zeros));
        }

        public int Se()
        {
            int code = Ue();
            return (code & 1) == 1 ? (code + 1) / 2 : -(code / 2);
        }
    }
}
