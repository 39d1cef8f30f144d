using MLEnergy.Simulation.Models;

namespace MLEnergy.Simulation.Tests;

/// <summary>
/// Prompt tokens and encoder FLOPs of images and videos as each model family's processor makes them, against values
/// worked out by hand from the published configs (Qwen3-VL: patch 16, 2 × 2 merge, 65,536–16,777,216 pixels, video
/// at 2 fps with at least 4 frames; Gemma 3: 896 × 896 pooled to 256; Llama 4: 336-pixel tiles of 144 tokens).
/// </summary>
public sealed class VisionEncoderTests
{
    private static readonly ModelCatalog Catalog = ModelCatalog.LoadDefault();

    private static VisionEncoder Vision(string id) => Catalog.Get(id).Vision!;

    [Theory]
    [InlineData(1024, 768, 770)] // 32 × 24 blocks of 32 px = 768 tokens, + vision start and end
    [InlineData(200, 150, 72)] // under 65,536 px: scaled up to 320 × 224, 10 × 7 = 70 tokens
    [InlineData(4032, 3024, 11846)] // a 12 MP photo: 3,024 / 32 = 94.5 rounds to even 94, so 126 × 94 = 11,844
    [InlineData(8000, 6000, 16172)] // 48 MP over 16,777,216 px: each side / 1.6914, floored to 147 × 110 blocks
    public void AQwen3VlImageIsOneTokenPer32PixelSquareWithinItsPixelRange(int width, int height, int tokens)
    {
        Vision("Qwen/Qwen3-VL-8B-Instruct").ImageTokens(width, height).Should().Be(tokens);
    }

    [Fact]
    public void TheBenchmarksVideoClipKeepsFourFramesInQwen3Vl()
    {
        // 32 frames written at 30 fps last 1.07 s; at 2 fps that is 2 frames, raised to the minimum of 4: two groups
        // of two frames, each 1280 × 704 (720 / 32 = 22.5 rounds to even 22): 40 × 22 = 880 tokens + 2 markers.
        var vision = Vision("Qwen/Qwen3-VL-32B-Instruct");

        vision.KeptFrames(32, 30).Should().Be(4);
        vision.KeptFrames(300, 30).Should().Be(20, "a 10-second video at 2 fps");
        vision.VideoTokens(32, 30, 1280, 720).Should().Be(2 * (880 + 2));
    }

    [Fact]
    public void Gemma3MakesEveryImage256TokensWhateverItsSize()
    {
        var vision = Vision("google/gemma-3-27b-it");

        vision.ImageTokens(1024, 768).Should().Be(256 + 4);
        vision.ImageTokens(4032, 3024).Should().Be(256 + 4);
    }

    [Theory]
    [InlineData(300, 200, 144 + 16)] // one tile, no global tile
    [InlineData(1024, 768, (13 * 144) + 16)] // 4 × 3 tiles (1,344 × 1,008 holds it unshrunk) + the global tile
    [InlineData(4032, 3024, (13 * 144) + 16)] // no grid of 16 holds it: the least shrinking (1/3), fewest tiles
    public void Llama4CutsAnImageInto336PixelTilesOf144Tokens(int width, int height, int tokens)
    {
        Vision("meta-llama/Llama-4-Scout-17B-16E-Instruct").ImageTokens(width, height).Should().Be(tokens);
    }

    [Fact]
    public void TheEncodersFlopsAreTwoPerWeightPerPatchPlusAttentionOverTheImage()
    {
        var vision = Vision("Qwen/Qwen3-VL-8B-Instruct");

        // 27 layers × (4 × 1152² + 2 × 1152 × 4304) weights × 2,
        // + the patch embedding 2 × 3 × 16² × 2 × 1152.
        vision.LinearFlopsPerPatch.Should().Be(825_679_872);

        // 1024 × 768: 64 × 48 = 3,072 patches: 3,072 × 825,679,872 in matmuls; attention 4 × 3,072² × 1152 × 27.
        var image = vision.ImageFlops(1024, 768);
        image.Matmul.Should().BeApproximately(2_536_488_566_784, 1e3);
        image.Attention.Should().BeApproximately(1_174_136_684_544, 1e3);
        image.Total.Should().BeApproximately(3_710_625_251_328, 1e3);

        // The video: two groups of (1280 / 16) × (704 / 16) = 3,520 patches each, attending within their group.
        vision.VideoFlops(32, 30, 1280, 720).Total.Should().BeApproximately(8_895_914_311_680, 1e3);
    }

    [Fact]
    public void Gemma3EncodesEveryImageAt4096Patches()
    {
        // 64 × 64 patches of 14 px; 27 layers of 1152 and 4304; attention over all 4,096.
        Vision("google/gemma-3-12b-it").ImageFlops(300, 200).Total.Should().BeApproximately(5_460_392_411_136, 1e3);
    }

    [Fact]
    public void TextModelsAndTheirAliasesHaveNoEncoderAndAliasesOfVisionModelsKeepIt()
    {
        Catalog.Get("Qwen/Qwen3-8B").Vision.Should().BeNull();
        Catalog.Get("Qwen/Qwen3-235B-A22B-Instruct-2507-FP8").Vision.Should().BeNull();
        Catalog
            .Get("meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8")
            .Vision.Should()
            .Be(Catalog.Get("meta-llama/Llama-4-Maverick-17B-128E-Instruct").Vision);
    }
}
