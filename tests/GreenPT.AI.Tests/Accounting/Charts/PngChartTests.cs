using GreenPT.AI.Charts;
using SkiaSharp;

namespace GreenPT.AI.Tests.Accounting.Charts;

/// <summary>The PNG chart of GreenPT.AI.Charts (ScottPlot on SkiaSharp's native Linux assets), decoded back and its pixels read.</summary>
public sealed class PngChartTests
{
    private static GreenPTImpactSeries Series()
    {
        var tracker = new GreenPTImpactTracker("tenant-a");
        tracker.Record(new GreenPTImpactRecord { ModelId = "gemma4", Impact = new() { Energy = new(7_200_000, "Wms"), Emissions = new(80_000, "ugCO2e") } });
        tracker.Record(new GreenPTImpactRecord { ModelId = "green-l", Impact = new() { Energy = new(3_600_000, "Wms"), Emissions = new(40_000, "ugCO2e") } });
        return tracker.GetSeries(GreenPTBudgetWindow.LastMinutes(30));
    }

    private static int Count(SKBitmap bitmap, SKColor colour)
    {
        int n = 0;
        for (int y = 0; y < bitmap.Height; y++)
        {
            for (int x = 0; x < bitmap.Width; x++)
            {
                n += bitmap.GetPixel(x, y) == colour ? 1 : 0;
            }
        }

        return n;
    }

    [Fact]
    public void ToPng_IsAPngOfTheAskedSize_WithABarInEachModelsColour()
    {
        byte[] png = Series().ToPng(new GreenPTChartOptions { Width = 800, Height = 500 });

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        using SKBitmap bitmap = SKBitmap.Decode(png) ?? throw new InvalidOperationException("the PNG does not decode");
        Assert.Equal((800, 500), (bitmap.Width, bitmap.Height));
        int first = Count(bitmap, SKColor.Parse("#0072B2"));  // gemma4, the most energy
        int second = Count(bitmap, SKColor.Parse("#E69F00")); // green-l
        Assert.True(first > 500, $"{first} pixels of gemma4's colour");
        Assert.True(second > 200, $"{second} pixels of green-l's colour");
        Assert.True(first > second, "gemma4's bars (2 Wh) are taller than green-l's (1 Wh)");
    }

    [Fact]
    public void SavePng_WritesTheFile_AndABlankPathThrowsNamingIt()
    {
        string path = Path.Combine(Path.GetTempPath(), $"greenpt-chart-{Guid.NewGuid():N}.png");
        try
        {
            Series().SavePng(path);

            using SKBitmap bitmap = SKBitmap.Decode(path);
            Assert.Equal((960, 600), (bitmap.Width, bitmap.Height));
        }
        finally
        {
            File.Delete(path);
        }

        Assert.Equal("path", Assert.Throws<ArgumentException>(() => Series().SavePng(" ")).ParamName);
    }
}
