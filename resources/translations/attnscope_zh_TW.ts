<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW">
<context>
    <name>ModelPanel</name>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model&apos;s name, from its config.json or its folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which stacks the model has, and the checkpoint family it comes from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encoder and decoder layers (each layer has its own attention heads)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention heads per layer, and the width d_k of each</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>d_model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Width of every token&apos;s vector between layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number of weights the model uses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Longest input the model takes; longer text is cut and marked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Positions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How the model adds position information to its token embeddings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>… (%1 values)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Each token x%1 has become a vector a%1 = W x%1 (plus its position vector e%1).&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;This model normalises before attention (pre-LN): the a%1 here are LayerNorm(x%1).&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>values</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Cross-attention: the queries come from the decoder…&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;…the keys and values from the encoder&apos;s output.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;This model has biases: b%1 = %2&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Head %1 uses values %2–%3 of each vector (d = %4):&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vectors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;No mask here: in %1 every query may look at every key.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cross-attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the encoder&apos;s self-attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Masked self-attention: the decoder may only attend to what it has already generated, so α%1 = −∞ for every key after position %2; softmax turns −∞ into 0.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>visible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hidden</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;The weights sum to %1.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;All queries at once. The a%1 are the columns of I: Q = W%2 I, K = W%3 I, V = W%4 I, A = K%5 Q / √d, Â = softmax(A) per column, O = V Â. (Code usually keeps tokens as rows instead: softmax(Q K%5 / √d) V.)&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Each of the %1 heads matches q%2 only with k%3 and gives b%4; the heads are concatenated and multiplied by W%5.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>head %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Concatenated: %1&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1. The inputs a^i</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>2. Query, key and value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>3. Scaled dot products α</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>4. The mask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>5. Softmax α̂</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>6. The weighted sum b</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>7. Matrix form</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>8. Multi-head: concatenation and W^O</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot encode %1 as PNG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drawn by AttentionScope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>See what Transformer attention does.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model folder to open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source text to show.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target (decoder) text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the window as a PNG once it is drawn, then quit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open layer step N (1 = encoder layer 1).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::AttentionTableModel</name>
    <message>
        <source>masked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Head %1: query “%2” (%3) → key “%4” (%5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Masked: a decoder token never attends to a later token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>α̂ with PE − α̂ without PE = %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>α̂ = %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1”: not in the model&apos;s vocabulary</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::CheckpointTimeline</name>
    <message>
        <source>No checkpoint series open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scrub through training: each position shows that checkpoint in every view (←/→ one checkpoint, Home/End first/last, when the slider has focus)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 holds no checkpoints: expected model folders named step-000100, step-000200, …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checkpoints: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step %1 · could not load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · loading…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::ClassroomLayerInspectorWidget</name>
    <message>
        <source>Encoder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decoder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Self-attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cross-attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feed-forward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mean before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>variance before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mean after LN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>variance after LN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mean after BN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>variance after BN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Residual stream before (rows: tokens)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Residual stream after</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learned scale γ and shift β</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;LayerNorm vs BatchNorm.&lt;/b&gt; LayerNorm normalises each token over its own dimensions: every row gets mean 0 and variance 1, whatever the other tokens are, so it needs no batch. BatchNorm normalises each dimension over the batch (here: over the tokens of this sentence), so a token&apos;s result depends on the others and its own mean and variance are not 0 and 1.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Post-LN, as in the paper: output = LayerNorm(x + sublayer(x)).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pre-LN: output = x + sublayer(LayerNorm(x)); LayerNorm sees the stream before the sub-layer.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::ClassroomPanel</name>
    <message>
        <source>Walkthrough</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Positional Encoding · 天涯若比鄰</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sandbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add &amp;&amp; Norm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One attention layer step by step, in the lecture&apos;s notation, with the model&apos;s numbers (Page Up/Page Down turn the pages)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The position vectors e^i, and why self-attention needs them: shuffle the words with and without positional encoding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hand-made queries, keys and values on a plane: drag them and watch α and α̂</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The residual connection and Layer Norm of one sub-layer, token by token</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::ClassroomPositionalWidget</name>
    <message>
        <source>Position vectors e^p (rows: positions, columns: dimensions)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Similarity e^p · e^r</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shuffle the words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Swap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>head </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Positional encoding off&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Positional encoding on&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;天涯若比鄰&lt;/b&gt; — distant places are close neighbours. Self-attention compares every word with every other word and ignores where they stand, so without position vectors a shuffled sentence only shuffles the rows and columns of each encoder self-attention matrix: A&apos; = P A Pᵀ. Adding e&lt;sup&gt;i&lt;/sup&gt; to a&lt;sup&gt;i&lt;/sup&gt; tells the model where each word is, and the equality breaks.&lt;/p&gt;&lt;p&gt;This holds for the encoder&apos;s self-attention only. The decoder&apos;s mask is tied to positions (a word sees only the words before it), so reordering changes what each word may see, with or without position vectors; cross-attention mixes in the encoder&apos;s output as well.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>天涯若比鄰</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Append a one-hot position p&lt;sup&gt;i&lt;/sup&gt; to the one-hot word x&lt;sup&gt;i&lt;/sup&gt;: W [x&lt;sup&gt;i&lt;/sup&gt;; p&lt;sup&gt;i&lt;/sup&gt;] = W&lt;sup&gt;I&lt;/sup&gt; x&lt;sup&gt;i&lt;/sup&gt; + W&lt;sup&gt;P&lt;/sup&gt; p&lt;sup&gt;i&lt;/sup&gt; = a&lt;sup&gt;i&lt;/sup&gt; + e&lt;sup&gt;i&lt;/sup&gt;. For token %1 at position %2: a = %3, e = %4, W [x; p] = %5.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P A Pᵀ (original, reordered)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&apos; of the shuffled sentence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>max |A&apos; − P A Pᵀ| = %1: equal. Word order makes no difference.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>max |A&apos; − P A Pᵀ| = %1: not equal. The model sees where each word is.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::ClassroomSandboxWidget</name>
    <message>
        <source>Divide by √d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Causal mask</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>α = q·k / √d / τ (rows: queries)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>α̂ = softmax(α)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temperature τ</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::ClassroomWalkthroughWidget</name>
    <message>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous step (Page Up)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next step (Page Down)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load a model and enter a sentence to walk through its attention.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::HeadAnalysisController</name>
    <message>
        <source>No line of the file could be used.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::HeadAnalysisWidget</name>
    <message>
        <source>local</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>global</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>positional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sink</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mixed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dec</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cross</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 L%2 H%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which attention the charts, the similarity map and the ablation view show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Corpus…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Average the metrics over a text file, one sentence per line (&quot;source&lt;TAB&gt;target&quot; gives a translation model its target)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This Input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the metrics of the text in the input box again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sink: at least this share of weight on the first and special tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>positional: previous- or next-token score at least this</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>global: normalised entropy at least this (1 = uniform)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>global: mean distance at least this fraction of uniform attention&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>local: at least this share of weight within the window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>w: keys with |i − j| ≤ w count as local</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per layer: each head&apos;s mean attention distance and entropy, both as a fraction of uniform attention&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scatter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every head: mean distance × entropy, colour = layer, shape = class. Click a head to select it everywhere.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How Far Each Layer Sees</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean attention distance per layer beside the receptive field of a stack of width-3 convolutions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Similarity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jensen-Shannon distance between heads, clustered; click a cell to compare its two heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Most Local vs Most Global</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The self-attention head with the smallest normalised distance beside the one with the largest normalised entropy + distance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two heads side by side, with their metrics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>after layer </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention rollout (Abnar &amp; Zuidema 2020): average the heads, add the residual (½ A + ½ I), multiply the layers. Left: how much each position draws on each input token after the layer; right: that layer&apos;s own mean attention.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rollout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How attention flows through the layers to the input tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tick a head to switch it off: its output is zeroed before W^O</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All Heads On</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch heads off:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch a head off to see how the later layers&apos; attention changes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p, all heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p, heads off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Δp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ablation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch heads off and see the later layers and the output change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classes — sink ≥</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>positional ≥</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>global: entropy ≥</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>distance ≥</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>local mass ≥</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>window w</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Averaged over %n sentence(s) of %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> (%n line(s) skipped)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot compute: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metrics of the text in the input box</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computing head metrics…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a model to measure its heads.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mean distance (÷ uniform)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>entropy (÷ ln n)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>H%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 layer %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Head %1: mean distance %2 tokens (%3 of uniform), entropy %4 nats (%5 of ln n)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cross-attention: query and key positions are not comparable, so there is no distance; x = sink share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every head: mean distance (÷ uniform) × entropy (÷ ln n)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sink share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mean attention distance ÷ uniform</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>entropy ÷ ln n</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>selected: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How far can each layer see? Attention vs a stack of width-3 convolutions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>distance in tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: mean attention distance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attention: farthest token it can see (n − 1, this input)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CNN, width 3: farthest token (l)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CNN, width 3: mean distance, uniform kernel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · &lt;span style=&apos;color:%2&apos;&gt;%3&lt;/span&gt;&lt;br&gt;entropy %4 nats (%5 of uniform) · mean distance %6 (%7 of uniform) · local mass %8&lt;br&gt;previous %9 · current %10 · next %11 · sink %12 · confidence %13%14</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · induction %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>H%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch %1 off</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Computing with %n head(s) off…</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Tick heads to switch them off: each one&apos;s output b^{i,h} is zeroed before W^O. Its own attention and the earlier layers stay as they were; later layers change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: largest |Δα̂| %2%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (switched off)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Head %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Off: %1. Largest change of α̂ (%2) per layer: %3. Red = weight gained, blue = lost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click a head in a chart to select it; it is shown in the Attention tab too.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · &lt;span style=&apos;color:%2&apos;&gt;%3&lt;/span&gt; — entropy %4 nats (%5) · distance %6 (%7) · local %8 · previous %9 · current %10 · next %11 · sink %12 · confidence %13%14</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Corpus: One Sentence per Line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text files (*.txt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::HeadChipsWidget</name>
    <message>
        <source>All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Head %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show every head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Head %1: click to show or hide it, double-click to show it alone</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::HeadSimilarityWidget</name>
    <message>
        <source>No heads to compare yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 vs %2
JS distance %3 (click to compare)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::HeatmapWidget</name>
    <message>
        <source>No attention to show yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Head %1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · with PE − without PE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Δ α̂</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>α̂</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>masked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows are queries, columns are keys. Red: the positional encoding raised the weight; blue: it lowered it. Hover a cell for its exact value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows are queries, columns are keys; each row sums to 1. Hover a cell for its exact value.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::InputPanel</name>
    <message>
        <source>&amp;Source:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Target:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a sentence…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The text the model reads. The views recompute as you type.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Empty: the model&apos;s own greedy output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the decoder reads (teacher forcing). Leave it empty to see the model&apos;s own greedy output, or press Generate to put that output here for editing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Translate greedily, one token at a time, and put the output in the target field (Ctrl+G)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Text:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the decoder&apos;s input…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decoder input: the start token and the model&apos;s greedy output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decoder input as the model sees it</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::Language</name>
    <message>
        <source>System Language</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::LessonBar</name>
    <message>
        <source>◀ Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close Lesson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Caption for the next recorded step…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the teacher says at the step that Record Step adds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous step of the lesson (Alt+←)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next step of the lesson (Alt+→)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add what the window shows now as the lesson&apos;s next step (Ctrl+Shift+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Untitled lesson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No steps yet: set up a view and press Record Step.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Press Next to start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::MainWindow</name>
    <message>
        <source>AttentionScope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open Model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a model folder (config.json, model.safetensors and tokenizer files)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Positional Encoding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the positional encoding to the token embeddings (Ctrl+E). Off: every view is recomputed as if the model had no position information.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PE &amp;Difference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heatmaps show α̂ with the positional encoding minus α̂ without it (Ctrl+D): red where position information raised a weight, blue where it lowered it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>P&amp;revious Layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous layer or attention (←, PgUp)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Next Layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next layer or attention (→, PgDn)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Play Layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step through the layers on a timer (Space)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous &amp;Generation Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the decoder one generated token earlier (Shift+←)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next G&amp;eneration Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the decoder one generated token later (Shift+→)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Attention Views</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model &amp;Overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About AttentionScope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About AttentionScope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;AttentionScope %1&lt;/h3&gt;&lt;p&gt;See what every attention head of a Transformer looks at.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Keys:&lt;/b&gt; Ctrl+O open · ←/→ or PgUp/PgDn layers · Space play · Shift+←/→ generation steps · Ctrl+E positional encoding · Ctrl+D difference · Ctrl+G generate · Ctrl+1/Ctrl+2 attention/overview&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous layer (←, PgUp)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encoder layers, then each decoder layer&apos;s masked self-attention and cross-attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next layer (→, PgDn)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generation:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One token earlier (Shift+←)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step t: the decoder has produced t tokens. Its masked self-attention grows by one row per step; the highlighted row is the new token&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One token later (Shift+→)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replay the generation on a timer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide word-graph lines whose weight is below this value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every head of this layer; click one to show it in the heatmap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model Overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Word graph and heatmap of the chosen layer and heads (Ctrl+1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every layer and head at a glance (Ctrl+2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What each head does, in numbers: distance, entropy, classes, similarity, rollout, ablation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide lines below</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The open model. Open another with File ▸ Open or by dropping its folder here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show or hide the model panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No bundled model found: open a model folder with File ▸ Open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a model folder with File ▸ Open (Ctrl+O), or drop one on this window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading model %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Model Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot Open Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model in %1 could not be opened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computing attention…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot compute</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n source token(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n token(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n target token(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1 · computed in %2 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start: “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step %1: “%2”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Head %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AttentionScope — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Train Panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train a small Transformer on a built-in task and watch its attention form (Ctrl+T)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checkpoints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Checkpoint &amp;Series…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a folder of step-NNNNNN checkpoints and scrub through training with a slider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot Open Checkpoint Series</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Opened %n checkpoint(s) from %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Open Checkpoint Series</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::ModelOverviewWidget</name>
    <message>
        <source>Which attention of the model to show: encoder self-attention, decoder masked self-attention or decoder cross-attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every layer (rows) and head (columns). Click a thumbnail to open it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Head %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::ModelPanel</name>
    <message>
        <source>encoder only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>decoder only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>encoder–decoder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 encoder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 decoder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> + </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (d_k = %2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::TeachingTools</name>
    <message>
        <source>Lesson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classroom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The lecture&apos;s steps with this model&apos;s numbers: walkthrough, positional encoding, sandbox, Add &amp; Norm (Ctrl+5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Lesson…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a lesson file and replay its steps (Ctrl+L)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the Lecture &amp;Lesson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The bundled lesson that follows the self-attention lecture step by step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Lesson &amp;As…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the lesson, with the steps recorded so far</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Record Lesson Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add what the window shows now as the lesson&apos;s next step (Ctrl+Shift+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next Lesson Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next step of the lesson (Alt+→)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous Lesson Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous step of the lesson (Alt+←)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Session…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reopen a saved working state: model, text, view, layer, head and toggles (Ctrl+Shift+O)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save S&amp;ession…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the whole working state to a file (Ctrl+Shift+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Figure as &amp;PNG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the view on screen as a PNG at a chosen resolution (Ctrl+Shift+E)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Figure as &amp;SVG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the view on screen as a scalable SVG drawing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy Figure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the view on screen to the clipboard as an image (Ctrl+Shift+C)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention as &amp;CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The current layer&apos;s α̂ for every head, one row per query</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention as &amp;JSON…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The current layer&apos;s α̂ with its tokens, as JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention as &amp;NumPy .npy…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The current layer&apos;s α̂ as a float32 array of shape (heads, queries, keys)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Presentation Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full screen, large type, high-contrast colour-blind-safe colours and keyboard navigation (F5; Esc leaves)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave Presentation Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Classroom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The walkthrough, positional encoding, sandbox and Add &amp; Norm (Ctrl+5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous &amp;Head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the previous head ([)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next H&amp;ead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the next head (])</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous &amp;Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move the pointer highlight to the previous query token (↑, presentation mode)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next T&amp;oken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move the pointer highlight to the next query token (↓, presentation mode)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Head %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AttentionScope will use %1 from its next start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Navigate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot find the model “%1”; staying with the open one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This model has fewer layers or heads than the step names; showing layer %1, head %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot Open Lesson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is damaged: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no steps.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot Save Lesson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The lesson has no steps: record one first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved the lesson to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recorded step %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot Save Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved the session to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot Open Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is damaged, so nothing was changed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Lesson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lessons (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Lesson</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lesson title:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lessons (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sessions (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sessions (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no view to export.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot tell the format of %1: name it .png or .svg.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no attention to export yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot tell the format of %1: name it .csv, .json or .npy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Figure as PNG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Figure as SVG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SVG drawings (*.svg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolution in dots per inch (96 is the screen&apos;s; 300 for print):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV tables (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NumPy arrays (*.npy)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied the figure to the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export as PNG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export as SVG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy Image</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::ThumbnailGrid</name>
    <message>
        <source>No attention to show yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Head %1 · %2
Click to open it in the word graph and heatmap</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::TokenStrip</name>
    <message numerus="yes">
        <source>✂ %n token(s) cut: the model reads at most %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n token(s) as the model sees them</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Red: %n word(s) not in the vocabulary, read as the unknown token</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::TrainPanel</name>
    <message>
        <source>reverse and sort: digit strings; translate-en-zh: a small English grammar into Chinese; induction: letters repeated once (decoder-only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layers in each stack (encoder and decoder)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attention heads per layer; d_model must be a multiple of it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Width of every token vector; the feed-forward width scales with it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimiser steps of one batch each; a short run also shortens the warm-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train a new model from random weights with these settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause or resume the run; the views show the paused model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End the run after the current step, keeping its weights as the current model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sa&amp;ve…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the current weights as a model folder that File ▸ Open reads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show in views</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every 100 steps or so, show the model being trained in the attention views</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>accuracy %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean cross-entropy (left axis) and argmax accuracy over scored tokens (right axis) of the training batches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layers:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heads:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>d_model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steps:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>d_model (%1) must be a multiple of the number of heads (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot train with these settings: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss %1 · accuracy %2 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step %1 / %2 · %3 steps/s · ETA %4 · %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused at step %1 / %2 · %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping at step %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 at step %2 / %3 after %4 · %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — training, step %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — stopped at step %2 (not saved)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — trained, %2 steps (not saved)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training in Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training %1 is at step %2 of %3. Closing the window discards the run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To keep the model, choose Keep Training and use Save… in the Train panel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Trained Model as a Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a file; choose a folder name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Among the Bundled Models?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is inside the app&apos;s bundled models (%2). Saving there changes the models the app ships with. Save there anyway?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace Folder Contents?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not empty. Saving replaces its config.json, model.safetensors and vocabulary files. Continue?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving to %1…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::TrainingWorker</name>
    <message>
        <source>There is no trained model to save.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another save is still being written.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui::WordGraphWidget</name>
    <message>
        <source>Queries (source)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys (source)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queries (target)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys (earlier target)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No attention to show yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each line joins a query token (left) to a key token (right); thicker and darker means more attention. Hover or click a token to see only its lines and every head&apos;s weight.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lines show attention weights; the difference view is drawn in the heatmap.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>✂ %n more token(s) cut at the maximum length</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Query %1: “%2”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key %1: “%2”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not in the model&apos;s vocabulary: the model sees its unknown token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click to keep only this token&apos;s lines; click again to release.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
