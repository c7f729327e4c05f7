<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW">
<context>
    <name>ModelPanel</name>
    <message>
        <source>Name</source>
        <translation>名稱</translation>
    </message>
    <message>
        <source>The model's name, from its config.json or its folder</source>
        <translation>模型名稱，取自 config.json 或資料夾名稱</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架構</translation>
    </message>
    <message>
        <source>Which stacks the model has, and the checkpoint family it comes from</source>
        <translation>模型含有哪些堆疊，以及它來自哪一種檢查點家族</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>層數</translation>
    </message>
    <message>
        <source>Encoder and decoder layers (each layer has its own attention heads)</source>
        <translation>編碼器與解碼器的層數（每一層都有自己的注意力頭）</translation>
    </message>
    <message>
        <source>Heads</source>
        <translation>注意力頭</translation>
    </message>
    <message>
        <source>d_model</source>
        <translation>d_model</translation>
    </message>
    <message>
        <source>Width of every token's vector between layers</source>
        <translation>層與層之間每個詞元向量的寬度</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>參數</translation>
    </message>
    <message>
        <source>Number of weights the model uses</source>
        <translation>模型使用的權重數量</translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation>最多詞元數</translation>
    </message>
    <message>
        <source>Longest input the model takes; longer text is cut and marked</source>
        <translation>模型可接受的最長輸入；更長的文字會被截斷並標示</translation>
    </message>
    <message>
        <source>Positions</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>資料夾</translation>
    </message>
    <message>
        <source>Blocks</source>
        <translation>區塊</translation>
    </message>
    <message>
        <source>Normalisation, where it sits around each sub-layer, and the feed-forward network</source>
        <translation>正規化的種類、它在每個子層前後的位置，以及前饋網路</translation>
    </message>
    <message>
        <source>Attention heads per layer, key/value heads shared by groups of query heads (GQA), the width of each head, sliding windows and soft-capping</source>
        <translation>每層的注意力頭數、由一組查詢頭共用的鍵／值頭（GQA）、每個頭的寬度、滑動視窗與軟上限</translation>
    </message>
    <message>
        <source>How the model gives attention the order of the tokens: a position table added to the embeddings, rotary (q and k rotated), a relative bias or ALiBi</source>
        <translation>模型如何讓注意力知道詞元的順序：加到嵌入上的位置表、旋轉位置編碼（旋轉 q 與 k）、相對位置偏差或 ALiBi</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>… (%1 values)</source>
        <translation>…（共 %1 個數值）</translation>
    </message>
    <message>
        <source>&lt;p&gt;Each token x%1 has become a vector a%1 = W x%1 (plus its position vector e%1).&lt;/p&gt;</source>
        <translation>&lt;p&gt;每個詞元 x%1 都變成一個向量 a%1 = W x%1（再加上它的位置向量 e%1）。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;This model normalises before attention (pre-LN): the a%1 here are LayerNorm(x%1).&lt;/p&gt;</source>
        <translation>&lt;p&gt;這個模型在注意力之前先做正規化（pre-LN）：這裡的 a%1 是 LayerNorm(x%1)。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>vector</source>
        <translation>向量</translation>
    </message>
    <message>
        <source>token</source>
        <translation>詞元</translation>
    </message>
    <message>
        <source>values</source>
        <translation>數值</translation>
    </message>
    <message>
        <source>&lt;p&gt;Cross-attention: the queries come from the decoder…&lt;/p&gt;</source>
        <translation>&lt;p&gt;交叉注意力：查詢來自解碼器……&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;…the keys and values from the encoder's output.&lt;/p&gt;</source>
        <translation>&lt;p&gt;……鍵與值來自編碼器的輸出。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;This model has biases: b%1 = %2&lt;/p&gt;</source>
        <translation>&lt;p&gt;這個模型有偏差項：b%1 = %2&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Head %1 uses values %2–%3 of each vector (d = %4):&lt;/p&gt;</source>
        <translation>&lt;p&gt;第 %1 個頭使用每個向量的第 %2–%3 個數值（d = %4）：&lt;/p&gt;</translation>
    </message>
    <message>
        <source>vectors</source>
        <translation>向量</translation>
    </message>
    <message>
        <source>key</source>
        <translation>鍵</translation>
    </message>
    <message>
        <source>&lt;p&gt;No mask here: in %1 every query may look at every key.&lt;/p&gt;</source>
        <translation>&lt;p&gt;這裡沒有遮罩：在%1中，每個查詢都可以看每個鍵。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>cross-attention</source>
        <translation>交叉注意力</translation>
    </message>
    <message>
        <source>the encoder's self-attention</source>
        <translation>編碼器的自注意力</translation>
    </message>
    <message>
        <source>&lt;p&gt;Masked self-attention: the decoder may only attend to what it has already generated, so α%1 = −∞ for every key after position %2; softmax turns −∞ into 0.&lt;/p&gt;</source>
        <translation>&lt;p&gt;遮罩自注意力：解碼器只能注意它已經產生的內容，所以位置 %2 之後的每個鍵 α%1 = −∞；softmax 把 −∞ 變成 0。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>visible</source>
        <translation>可見</translation>
    </message>
    <message>
        <source>hidden</source>
        <translation>隱藏</translation>
    </message>
    <message>
        <source>before</source>
        <translation>之前</translation>
    </message>
    <message>
        <source>mask</source>
        <translation>遮罩</translation>
    </message>
    <message>
        <source>after</source>
        <translation>之後</translation>
    </message>
    <message>
        <source>&lt;p&gt;The weights sum to %1.&lt;/p&gt;</source>
        <translation>&lt;p&gt;權重總和為 %1。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;All queries at once. The a%1 are the columns of I: Q = W%2 I, K = W%3 I, V = W%4 I, A = K%5 Q / √d, Â = softmax(A) per column, O = V Â. (Code usually keeps tokens as rows instead: softmax(Q K%5 / √d) V.)&lt;/p&gt;</source>
        <translation>&lt;p&gt;一次算出所有查詢。a%1 是 I 的各行（column）：Q = W%2 I，K = W%3 I，V = W%4 I，A = K%5 Q / √d，Â = 每一行做 softmax(A)，O = V Â。（程式碼通常把詞元放在列（row）上：softmax(Q K%5 / √d) V。）&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Each of the %1 heads matches q%2 only with k%3 and gives b%4; the heads are concatenated and multiplied by W%5.&lt;/p&gt;</source>
        <translation>&lt;p&gt;%1 個頭各自只拿 q%2 與 k%3 配對，得到 b%4；各頭的結果串接起來，再乘上 W%5。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>head %1</source>
        <translation>第 %1 個頭</translation>
    </message>
    <message>
        <source>head</source>
        <translation>頭</translation>
    </message>
    <message>
        <source>output</source>
        <translation>輸出</translation>
    </message>
    <message>
        <source>&lt;p&gt;Concatenated: %1&lt;/p&gt;</source>
        <translation>&lt;p&gt;串接後：%1&lt;/p&gt;</translation>
    </message>
    <message>
        <source>1. The inputs a^i</source>
        <translation>1. 輸入 a^i</translation>
    </message>
    <message>
        <source>2. Query, key and value</source>
        <translation>2. 查詢、鍵與值</translation>
    </message>
    <message>
        <source>3. Scaled dot products α</source>
        <translation>3. 縮放內積 α</translation>
    </message>
    <message>
        <source>4. The mask</source>
        <translation>4. 遮罩</translation>
    </message>
    <message>
        <source>5. Softmax α̂</source>
        <translation>5. Softmax α̂</translation>
    </message>
    <message>
        <source>6. The weighted sum b</source>
        <translation>6. 加權總和 b</translation>
    </message>
    <message>
        <source>7. Matrix form</source>
        <translation>7. 矩陣形式</translation>
    </message>
    <message>
        <source>8. Multi-head: concatenation and W^O</source>
        <translation>8. 多頭：串接與 W^O</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>無法寫入 %1：%2</translation>
    </message>
    <message>
        <source>Cannot encode %1 as PNG</source>
        <translation>無法把 %1 編碼為 PNG</translation>
    </message>
    <message>
        <source>Drawn by AttentionScope</source>
        <translation>由 AttentionScope 繪製</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>無法讀取 %1：%2</translation>
    </message>
    <message>
        <source>Token %1 “%2”</source>
        <translation>詞元 %1「%2」</translation>
    </message>
    <message>
        <source>Mask Token</source>
        <translation>遮罩詞元</translation>
    </message>
    <message>
        <source>Put the mask token ([MASK], &lt;mask&gt;) or the unknown token in its place</source>
        <translation>在它的位置放入遮罩詞元（[MASK]、&lt;mask&gt;）或未知詞元</translation>
    </message>
    <message>
        <source>Delete Token</source>
        <translation>刪除詞元</translation>
    </message>
    <message>
        <source>Replace Token…</source>
        <translation>取代詞元……</translation>
    </message>
    <message>
        <source>source </source>
        <translation>來源</translation>
    </message>
    <message>
        <source>target </source>
        <translation>目標</translation>
    </message>
    <message>
        <source>Word “%1” (tokens %2–%3)</source>
        <translation>詞「%1」（詞元 %2–%3）</translation>
    </message>
    <message>
        <source>Mask Word (all %1 tokens)</source>
        <translation>遮罩整個詞（全部 %1 個詞元）</translation>
    </message>
    <message>
        <source>Delete Word (all %1 tokens)</source>
        <translation>刪除整個詞（全部 %1 個詞元）</translation>
    </message>
    <message>
        <source>Replace Word (all %1 tokens)…</source>
        <translation>取代整個詞（全部 %1 個詞元）…</translation>
    </message>
    <message>
        <source>The replacement takes the first piece's place; the other pieces are deleted</source>
        <translation>取代內容放在第一個片段的位置，其他片段則刪除</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>See what Transformer attention does.</source>
        <translation>看看 Transformer 的注意力在做什麼。</translation>
    </message>
    <message>
        <source>Model folder to open.</source>
        <translation>要開啟的模型資料夾。</translation>
    </message>
    <message>
        <source>Source text to show.</source>
        <translation>要顯示的來源文字。</translation>
    </message>
    <message>
        <source>Target (decoder) text.</source>
        <translation>目標（解碼器）文字。</translation>
    </message>
    <message>
        <source>Save the window as a PNG once it is drawn, then quit.</source>
        <translation>視窗畫好後存成 PNG，然後結束。</translation>
    </message>
    <message>
        <source>Open layer step N (1 = encoder layer 1).</source>
        <translation>開啟第 N 個層步驟（1 = 編碼器第 1 層）。</translation>
    </message>
    <message>
        <source>Theme for this run: light, dark or presentation (presentation mode).</source>
        <translation>這次執行的主題：light（淺色）、dark（深色）或 presentation（簡報模式）。</translation>
    </message>
    <message>
        <source>Window size for this run, such as 800x600.</source>
        <translation>這次執行的視窗大小，例如 800x600。</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>%1 is a folder, not a text file.</source>
        <translation>%1 是資料夾，不是文字檔。</translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation>無法讀取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is %2; a text file may be at most %3 (the model reads only its first tokens anyway).</source>
        <translation>%1 的大小為 %2；文字檔最大只能是 %3（反正模型只會讀取最前面的詞元）。</translation>
    </message>
    <message>
        <source>%1 is larger than %2.</source>
        <translation>%1 大於 %2。</translation>
    </message>
    <message>
        <source>%1 is empty.</source>
        <translation>%1 是空的。</translation>
    </message>
    <message>
        <source>%1 is not a text file: it holds a NUL byte at offset %2 (a binary file?).</source>
        <translation>%1 不是文字檔：它在位移 %2 處含有 NUL 位元組（是二進位檔嗎？）。</translation>
    </message>
    <message>
        <source>%1 is not UTF-8 text: byte 0x%2 at line %3, column %4 is not valid UTF-8. Save the file as UTF-8 and open it again.</source>
        <translation>%1 不是 UTF-8 文字：第 %3 行第 %4 欄的位元組 0x%2 不是有效的 UTF-8。請把檔案存成 UTF-8 後再開啟一次。</translation>
    </message>
    <message>
        <source>%1 heads</source>
        <translation>%1 個頭</translation>
    </message>
    <message>
        <source>%1 key/value head (MQA)</source>
        <translation>%1 個鍵／值頭（MQA）</translation>
    </message>
    <message>
        <source>%1 key/value heads (GQA)</source>
        <translation>%1 個鍵／值頭（GQA）</translation>
    </message>
    <message>
        <source>window %1</source>
        <translation>視窗 %1</translation>
    </message>
    <message>
        <source>window %1 on %2 of %3 layers</source>
        <translation>%3 層中的 %2 層有視窗 %1</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>%1 of %2 dims</source>
        <translation>%2 維中的 %1 維</translation>
    </message>
    <message>
        <source>%1 feed-forward %2</source>
        <translation>%1 前饋網路 %2</translation>
    </message>
</context>
<context>
    <name>SettingsRecovery</name>
    <message>
        <source>The settings file %1 could not be read, and no copy of it could be written beside it. AttentionScope uses its default settings for now and leaves the file as it is.</source>
        <translation>無法讀取設定檔 %1，也無法在旁邊寫入它的副本。AttentionScope 這次先使用預設設定，並保留該檔案原狀。</translation>
    </message>
    <message>
        <source>The settings file %1 was damaged. AttentionScope kept the %2 settings it could read and uses defaults for the rest; the damaged file was saved as %3.</source>
        <translation>設定檔 %1 已損壞。AttentionScope 保留了能讀取的 %2 項設定，其餘使用預設值；損壞的檔案已另存為 %3。</translation>
    </message>
    <message>
        <source>%1 is a folder, not a text file.</source>
        <translation>%1 是資料夾，不是文字檔。</translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation>無法讀取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is %2; a text file may be at most %3 (the model reads only its first tokens anyway).</source>
        <translation>%1 的大小為 %2；文字檔最大只能是 %3（反正模型只會讀取最前面的詞元）。</translation>
    </message>
    <message>
        <source>%1 is larger than %2.</source>
        <translation>%1 大於 %2。</translation>
    </message>
    <message>
        <source>%1 is empty.</source>
        <translation>%1 是空的。</translation>
    </message>
    <message>
        <source>%1 is not a text file: it holds a NUL byte at offset %2 (a binary file?).</source>
        <translation>%1 不是文字檔：它在位移 %2 處含有 NUL 位元組（是二進位檔嗎？）。</translation>
    </message>
    <message>
        <source>%1 is not UTF-8 text: byte 0x%2 at line %3, column %4 is not valid UTF-8. Save the file as UTF-8 and open it again.</source>
        <translation>%1 不是 UTF-8 文字：第 %3 行第 %4 欄的位元組 0x%2 不是有效的 UTF-8。請把檔案存成 UTF-8 後再開啟一次。</translation>
    </message>
    <message>
        <source>%1 heads</source>
        <translation>%1 個頭</translation>
    </message>
    <message>
        <source>%1 key/value head (MQA)</source>
        <translation>%1 個鍵／值頭（MQA）</translation>
    </message>
    <message>
        <source>%1 key/value heads (GQA)</source>
        <translation>%1 個鍵／值頭（GQA）</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>%1 of %2 dims</source>
        <translation>%2 維中的 %1 維</translation>
    </message>
    <message>
        <source>%1 feed-forward %2</source>
        <translation>%1 前饋網路 %2</translation>
    </message>
</context>
<context>
    <name>ui::AttentionTableModel</name>
    <message>
        <source>masked</source>
        <translation>已遮罩</translation>
    </message>
    <message>
        <source>Masked: a decoder token never attends to a later token.</source>
        <translation>已遮罩：解碼器的詞元不會注意後面的詞元。</translation>
    </message>
    <message>
        <source>α̂ = %1</source>
        <translation>α̂ = %1</translation>
    </message>
    <message>
        <source>“%1”: not in the model's vocabulary</source>
        <translation>「%1」：不在模型的詞彙表中</translation>
    </message>
    <message numerus="yes">
        <source>Masked by the sliding window: a query sees only the last %n key(s), itself included.</source>
        <translation>
            <numerusform>被滑動視窗遮罩：查詢只看得到最後 %n 個鍵（包含自己）。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1，%2</translation>
    </message>
    <message>
        <source>Head %1</source>
        <translation>第 %1 個頭</translation>
    </message>
    <message>
        <source>%1: query “%2” (%3) → key “%4” (%5)</source>
        <translation>%1：查詢「%2」（%3）→ 鍵「%4」（%5）</translation>
    </message>
</context>
<context>
    <name>ui::CheckpointTimeline</name>
    <message>
        <source>Show the checkpoint at step %1</source>
        <translation>顯示第 %1 步的檢查點</translation>
    </message>
    <message>
        <source>No checkpoint series open</source>
        <translation>尚未開啟檢查點序列</translation>
    </message>
    <message>
        <source>Scrub through training: each position shows that checkpoint in every view (←/→ one checkpoint, Home/End first/last, when the slider has focus)</source>
        <translation>瀏覽訓練過程：每個位置會在所有檢視中顯示該檢查點（滑桿取得焦點時，←/→ 移動一個檢查點，Home/End 到第一個／最後一個）</translation>
    </message>
    <message>
        <source>%1 holds no checkpoints: expected model folders named step-000100, step-000200, …</source>
        <translation>%1 中沒有檢查點：應有名為 step-000100、step-000200 …… 的模型資料夾</translation>
    </message>
    <message>
        <source>Checkpoints: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>檢查點：&lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>step %1 · could not load</source>
        <translation>第 %1 步 · 無法載入</translation>
    </message>
    <message>
        <source>step %1</source>
        <translation>第 %1 步</translation>
    </message>
    <message>
        <source> · loading…</source>
        <translation> · 載入中……</translation>
    </message>
</context>
<context>
    <name>ui::ClassroomLayerInspectorWidget</name>
    <message>
        <source>Encoder</source>
        <translation>編碼器</translation>
    </message>
    <message>
        <source>Decoder</source>
        <translation>解碼器</translation>
    </message>
    <message>
        <source>Self-attention</source>
        <translation>自注意力</translation>
    </message>
    <message>
        <source>Cross-attention</source>
        <translation>交叉注意力</translation>
    </message>
    <message>
        <source>Feed-forward</source>
        <translation>前饋網路</translation>
    </message>
    <message>
        <source>layer </source>
        <translation>層 </translation>
    </message>
    <message>
        <source>token</source>
        <translation>詞元</translation>
    </message>
    <message>
        <source>mean before</source>
        <translation>之前的平均</translation>
    </message>
    <message>
        <source>variance before</source>
        <translation>之前的變異數</translation>
    </message>
    <message>
        <source>mean after LN</source>
        <translation>LN 之後的平均</translation>
    </message>
    <message>
        <source>variance after LN</source>
        <translation>LN 之後的變異數</translation>
    </message>
    <message>
        <source>mean after BN</source>
        <translation>BN 之後的平均</translation>
    </message>
    <message>
        <source>variance after BN</source>
        <translation>BN 之後的變異數</translation>
    </message>
    <message>
        <source>Residual stream before (rows: tokens)</source>
        <translation>之前的殘差流（列：詞元）</translation>
    </message>
    <message>
        <source>Residual stream after</source>
        <translation>之後的殘差流</translation>
    </message>
    <message>
        <source>Learned scale γ and shift β</source>
        <translation>學到的縮放 γ 與平移 β</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;LayerNorm vs BatchNorm.&lt;/b&gt; LayerNorm normalises each token over its own dimensions: every row gets mean 0 and variance 1, whatever the other tokens are, so it needs no batch. BatchNorm normalises each dimension over the batch (here: over the tokens of this sentence), so a token's result depends on the others and its own mean and variance are not 0 and 1.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;層正規化 vs 批次正規化。&lt;/b&gt;層正規化（LayerNorm）對每個詞元在它自己的各維度上做正規化：不論其他詞元是什麼，每一列的平均都是 0、變異數都是 1，所以不需要批次。批次正規化（BatchNorm）對每個維度在整個批次上做正規化（這裡是這句話的所有詞元），所以一個詞元的結果取決於其他詞元，它自己的平均與變異數也不是 0 和 1。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Post-LN, as in the paper: output = LayerNorm(x + sublayer(x)).</source>
        <translation>Post-LN，與原論文相同：輸出 = LayerNorm(x + sublayer(x))。</translation>
    </message>
    <message>
        <source>Pre-LN: output = x + sublayer(LayerNorm(x)); LayerNorm sees the stream before the sub-layer.</source>
        <translation>Pre-LN：輸出 = x + sublayer(LayerNorm(x))；LayerNorm 看到的是子層之前的殘差流。</translation>
    </message>
</context>
<context>
    <name>ui::ClassroomPanel</name>
    <message>
        <source>Walkthrough</source>
        <translation>逐步解說</translation>
    </message>
    <message>
        <source>Positional Encoding · 天涯若比鄰</source>
        <translation>位置編碼 · 天涯若比鄰</translation>
    </message>
    <message>
        <source>Sandbox</source>
        <translation>沙盒</translation>
    </message>
    <message>
        <source>Add &amp;&amp; Norm</source>
        <translation>相加與正規化（Add &amp;&amp; Norm）</translation>
    </message>
    <message>
        <source>One attention layer step by step, in the lecture's notation, with the model's numbers (Page Up/Page Down turn the pages)</source>
        <translation>用課堂的符號、模型的實際數字，一步一步走過一個注意力層（Page Up/Page Down 翻頁）</translation>
    </message>
    <message>
        <source>The position vectors e^i, and why self-attention needs them: shuffle the words with and without positional encoding</source>
        <translation>位置向量 e^i，以及自注意力為什麼需要它：在有、沒有位置編碼時打亂字詞的順序</translation>
    </message>
    <message>
        <source>Hand-made queries, keys and values on a plane: drag them and watch α and α̂</source>
        <translation>在平面上手動設定查詢、鍵與值：拖動它們，觀察 α 與 α̂</translation>
    </message>
    <message>
        <source>The residual connection and Layer Norm of one sub-layer, token by token</source>
        <translation>一個子層的殘差連接與層正規化，逐個詞元檢視</translation>
    </message>
    <message>
        <source>Living Diagram</source>
        <translation>活的示意圖</translation>
    </message>
    <message>
        <source>The lecture's figure, animated on this model's numbers: a^i → q, k, v → α → α̂ → b, the matrix form and the heads</source>
        <translation>課堂的圖，以這個模型的數字播放動畫：a^i → q、k、v → α → α̂ → b、矩陣形式與各個頭</translation>
    </message>
</context>
<context>
    <name>ui::ClassroomPositionalWidget</name>
    <message>
        <source>Position vectors e^p (rows: positions, columns: dimensions)</source>
        <translation>位置向量 e^p（列：位置，行：維度）</translation>
    </message>
    <message>
        <source>Similarity e^p · e^r</source>
        <translation>相似度 e^p · e^r</translation>
    </message>
    <message>
        <source>Shuffle the words</source>
        <translation>打亂字詞</translation>
    </message>
    <message>
        <source>Swap</source>
        <translation>交換</translation>
    </message>
    <message>
        <source>layer </source>
        <translation>層 </translation>
    </message>
    <message>
        <source>head </source>
        <translation>頭 </translation>
    </message>
    <message>
        <source>&lt;b&gt;Positional encoding off&lt;/b&gt;</source>
        <translation>&lt;b&gt;關閉位置編碼&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Positional encoding on&lt;/b&gt;</source>
        <translation>&lt;b&gt;開啟位置編碼&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;天涯若比鄰&lt;/b&gt; — distant places are close neighbours. Self-attention compares every word with every other word and ignores where they stand, so without position vectors a shuffled sentence only shuffles the rows and columns of each encoder self-attention matrix: A' = P A Pᵀ. Adding e&lt;sup&gt;i&lt;/sup&gt; to a&lt;sup&gt;i&lt;/sup&gt; tells the model where each word is, and the equality breaks.&lt;/p&gt;&lt;p&gt;This holds for the encoder's self-attention only. The decoder's mask is tied to positions (a word sees only the words before it), so reordering changes what each word may see, with or without position vectors; cross-attention mixes in the encoder's output as well.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;天涯若比鄰&lt;/b&gt;——再遠的地方也像鄰居一樣近。自注意力拿每個字詞和其他所有字詞比較，卻不管它們站在哪裡；所以沒有位置向量時，打亂句子只會打亂每個編碼器自注意力矩陣的列與行：A' = P A Pᵀ。把 e&lt;sup&gt;i&lt;/sup&gt; 加到 a&lt;sup&gt;i&lt;/sup&gt; 上，模型就知道每個字詞的位置，這個等式也就不成立了。&lt;/p&gt;&lt;p&gt;這只對編碼器的自注意力成立。解碼器的遮罩與位置綁在一起（每個字詞只看得到它前面的字詞），所以不論有沒有位置向量，重新排序都會改變每個字詞能看到的內容；交叉注意力還混入了編碼器的輸出。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>天涯若比鄰</source>
        <translation>天涯若比鄰</translation>
    </message>
    <message>
        <source>&lt;p&gt;Append a one-hot position p&lt;sup&gt;i&lt;/sup&gt; to the one-hot word x&lt;sup&gt;i&lt;/sup&gt;: W [x&lt;sup&gt;i&lt;/sup&gt;; p&lt;sup&gt;i&lt;/sup&gt;] = W&lt;sup&gt;I&lt;/sup&gt; x&lt;sup&gt;i&lt;/sup&gt; + W&lt;sup&gt;P&lt;/sup&gt; p&lt;sup&gt;i&lt;/sup&gt; = a&lt;sup&gt;i&lt;/sup&gt; + e&lt;sup&gt;i&lt;/sup&gt;. For token %1 at position %2: a = %3, e = %4, W [x; p] = %5.&lt;/p&gt;</source>
        <translation>&lt;p&gt;在 one-hot 字詞 x&lt;sup&gt;i&lt;/sup&gt; 後面接上 one-hot 位置 p&lt;sup&gt;i&lt;/sup&gt;：W [x&lt;sup&gt;i&lt;/sup&gt;; p&lt;sup&gt;i&lt;/sup&gt;] = W&lt;sup&gt;I&lt;/sup&gt; x&lt;sup&gt;i&lt;/sup&gt; + W&lt;sup&gt;P&lt;/sup&gt; p&lt;sup&gt;i&lt;/sup&gt; = a&lt;sup&gt;i&lt;/sup&gt; + e&lt;sup&gt;i&lt;/sup&gt;。以位置 %2 的詞元 %1 為例：a = %3，e = %4，W [x; p] = %5。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>P A Pᵀ (original, reordered)</source>
        <translation>P A Pᵀ（原句的矩陣，重新排列）</translation>
    </message>
    <message>
        <source>A' of the shuffled sentence</source>
        <translation>打亂後句子的 A'</translation>
    </message>
    <message>
        <source>max |A' − P A Pᵀ| = %1: equal. Word order makes no difference.</source>
        <translation>max |A' − P A Pᵀ| = %1：相等。字詞順序沒有影響。</translation>
    </message>
    <message>
        <source>max |A' − P A Pᵀ| = %1: not equal. The model sees where each word is.</source>
        <translation>max |A' − P A Pᵀ| = %1：不相等。模型看得出每個字詞的位置。</translation>
    </message>
    <message>
        <source>position p</source>
        <translation>位置 p</translation>
    </message>
    <message>
        <source>dimension</source>
        <translation>維度</translation>
    </message>
    <message>
        <source>value</source>
        <translation>數值</translation>
    </message>
    <message>
        <source>position r</source>
        <translation>位置 r</translation>
    </message>
    <message>
        <source>query i (shuffled order)</source>
        <translation>查詢 i（打亂後的順序）</translation>
    </message>
    <message>
        <source>key j (shuffled order)</source>
        <translation>鍵 j（打亂後的順序）</translation>
    </message>
    <message>
        <source>α̂_{i,j}</source>
        <translation>α̂_{i,j}</translation>
    </message>
    <message>
        <source>e^p · e^r</source>
        <translation>e^p · e^r</translation>
    </message>
    <message>
        <source>This model has no positional encoding: the two columns show the same model.</source>
        <translation>這個模型沒有位置編碼：兩欄顯示的是同一個模型。</translation>
    </message>
    <message>
        <source>With e&lt;sup&gt;i&lt;/sup&gt; added the model sees where each word is: shuffling changes the matrices.</source>
        <translation>加上 e&lt;sup&gt;i&lt;/sup&gt; 後，模型看得出每個字詞的位置：打亂順序會改變矩陣。</translation>
    </message>
    <message>
        <source>Rotary: scores depend on the relative position i − j, so a permutation, which changes the distances between words, changes them (shifting the whole sentence does not: see above).</source>
        <translation>旋轉位置編碼：分數取決於相對位置 i − j，所以會改變字詞間距離的重新排列也會改變分數（整句平移則不會：見上方）。</translation>
    </message>
    <message>
        <source>ALiBi: each score is penalised by the distance i − j, so a word moved nearer or further gets a different weight.</source>
        <translation>ALiBi：每個分數依距離 i − j 受到懲罰，所以字詞被移近或移遠時，得到的權重就不同。</translation>
    </message>
    <message>
        <source>T5: each score gets the bias of its distance bucket, so moving words changes their biases and the equality breaks.</source>
        <translation>T5：每個分數加上它所在距離區間的偏差，所以移動字詞會改變它們的偏差，等式就不成立了。</translation>
    </message>
    <message>
        <source>&lt;b&gt;What this proves here.&lt;/b&gt; This decoder-only model's mask is tied to positions, so whole matrices change even without positional encoding; its last word (kept in place) sees every word, and in layer 1 without positions its weights are those of a bag of words: they move with the words. </source>
        <translation>&lt;b&gt;這裡證明了什麼。&lt;/b&gt;這個只有解碼器的模型，其遮罩與位置綁在一起，所以即使沒有位置編碼，整個矩陣也會改變；它的最後一個字詞（留在原位）看得到每個字詞，而在沒有位置資訊的第 1 層，它的權重就是詞袋（bag of words）的權重：權重跟著字詞移動。</translation>
    </message>
    <message>
        <source>&lt;b&gt;What this proves here.&lt;/b&gt; Without positional encoding, self-attention is permutation-equivariant: A' = P A Pᵀ in every layer. </source>
        <translation>&lt;b&gt;這裡證明了什麼。&lt;/b&gt;沒有位置編碼時，自注意力對排列是等變的（permutation-equivariant）：每一層都有 A' = P A Pᵀ。</translation>
    </message>
    <message>
        <source>Last word, layer 1: max |A'(T, ·) − A(T, π(·))| = %1: equal, the words' weights just move with them. Whole matrix, this layer: max |A' − P A Pᵀ| = %2 (the mask tells each word how many came before it).</source>
        <translation>最後一個字詞，第 1 層：max |A'(T, ·) − A(T, π(·))| = %1：相等，字詞的權重只是跟著字詞移動。整個矩陣，這一層：max |A' − P A Pᵀ| = %2（遮罩讓每個字詞知道它前面有幾個字詞）。</translation>
    </message>
    <message>
        <source>Last word, layer 1: max |A'(T, ·) − A(T, π(·))| = %1: not equal, moving a word changes its weight. Whole matrix, this layer: max |A' − P A Pᵀ| = %2.</source>
        <translation>最後一個字詞，第 1 層：max |A'(T, ·) − A(T, π(·))| = %1：不相等，移動字詞會改變它的權重。整個矩陣，這一層：max |A' − P A Pᵀ| = %2。</translation>
    </message>
</context>
<context>
    <name>ui::ClassroomSandboxWidget</name>
    <message>
        <source>Divide by √d</source>
        <translation>除以 √d</translation>
    </message>
    <message>
        <source>Causal mask</source>
        <translation>因果遮罩</translation>
    </message>
    <message>
        <source>α = q·k / √d / τ (rows: queries)</source>
        <translation>α = q·k / √d / τ（列：查詢）</translation>
    </message>
    <message>
        <source>α̂ = softmax(α)</source>
        <translation>α̂ = softmax(α)</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>詞元</translation>
    </message>
    <message>
        <source>Temperature τ</source>
        <translation>溫度 τ</translation>
    </message>
</context>
<context>
    <name>ui::ClassroomWalkthroughWidget</name>
    <message>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Previous step (Page Up)</source>
        <translation>上一步（Page Up）</translation>
    </message>
    <message>
        <source>Next step (Page Down)</source>
        <translation>下一步（Page Down）</translation>
    </message>
    <message>
        <source>Load a model and enter a sentence to walk through its attention.</source>
        <translation>載入模型並輸入一個句子，就能逐步走過它的注意力。</translation>
    </message>
</context>
<context>
    <name>ui::HeadAnalysisController</name>
    <message>
        <source>No line of the file could be used.</source>
        <translation>檔案中沒有任何一行可以使用。</translation>
    </message>
    <message>
        <source>A (all heads)</source>
        <translation>A（所有頭）</translation>
    </message>
    <message>
        <source>B (heads off)</source>
        <translation>B（關閉部分頭）</translation>
    </message>
</context>
<context>
    <name>ui::HeadAnalysisWidget</name>
    <message>
        <source>Details</source>
        <translation>詳細</translation>
    </message>
    <message>
        <source>Show or hide the class thresholds and the selected head's numbers</source>
        <translation>顯示或隱藏類別門檻與所選頭的數值</translation>
    </message>
    <message>
        <source>local</source>
        <translation>區域</translation>
    </message>
    <message>
        <source>global</source>
        <translation>全域</translation>
    </message>
    <message>
        <source>positional</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>sink</source>
        <translation>匯集</translation>
    </message>
    <message>
        <source>mixed</source>
        <translation>混合</translation>
    </message>
    <message>
        <source>Enc</source>
        <translation>編</translation>
    </message>
    <message>
        <source>Dec</source>
        <translation>解</translation>
    </message>
    <message>
        <source>Cross</source>
        <translation>交叉</translation>
    </message>
    <message>
        <source>%1 L%2 H%3</source>
        <translation>%1 L%2 H%3</translation>
    </message>
    <message>
        <source>Which attention the charts, the similarity map and the ablation view show</source>
        <translation>圖表、相似度圖與消融檢視要顯示哪一種注意力</translation>
    </message>
    <message>
        <source>Corpus…</source>
        <translation>語料……</translation>
    </message>
    <message>
        <source>Average the metrics over a text file, one sentence per line ("source&lt;TAB&gt;target" gives a translation model its target)</source>
        <translation>對一個文字檔平均各項指標，每行一句（「來源&lt;TAB&gt;目標」可為翻譯模型提供目標）</translation>
    </message>
    <message>
        <source>This Input</source>
        <translation>目前輸入</translation>
    </message>
    <message>
        <source>Show the metrics of the text in the input box again</source>
        <translation>再次顯示輸入框中文字的指標</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>sink: at least this share of weight on the first and special tokens</source>
        <translation>匯集：放在第一個詞元與特殊詞元上的權重至少達到這個比例</translation>
    </message>
    <message>
        <source>positional: previous- or next-token score at least this</source>
        <translation>位置：前一個或下一個詞元的分數至少達到這個值</translation>
    </message>
    <message>
        <source>global: normalised entropy at least this (1 = uniform)</source>
        <translation>全域：正規化熵至少達到這個值（1 = 均勻）</translation>
    </message>
    <message>
        <source>global: mean distance at least this fraction of uniform attention's</source>
        <translation>全域：平均距離至少達到均勻注意力的這個比例</translation>
    </message>
    <message>
        <source>local: at least this share of weight within the window</source>
        <translation>區域：視窗內的權重至少達到這個比例</translation>
    </message>
    <message>
        <source>w: keys with |i − j| ≤ w count as local</source>
        <translation>w：|i − j| ≤ w 的鍵算作區域</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>層數</translation>
    </message>
    <message>
        <source>Per layer: each head's mean attention distance and entropy, both as a fraction of uniform attention's</source>
        <translation>每一層：每個頭的平均注意力距離與熵，都以均勻注意力的比例表示</translation>
    </message>
    <message>
        <source>Scatter</source>
        <translation>散佈圖</translation>
    </message>
    <message>
        <source>Every head: mean distance × entropy, colour = layer, shape = class. Click a head to select it everywhere.</source>
        <translation>所有頭：平均距離 × 熵，顏色 = 層，形狀 = 類別。點一個頭，就在所有地方選取它。</translation>
    </message>
    <message>
        <source>How Far Each Layer Sees</source>
        <translation>每一層看得多遠</translation>
    </message>
    <message>
        <source>Mean attention distance per layer beside the receptive field of a stack of width-3 convolutions</source>
        <translation>每層的平均注意力距離，與一疊寬度 3 的卷積的感受野並列比較</translation>
    </message>
    <message>
        <source>Similarity</source>
        <translation>相似度</translation>
    </message>
    <message>
        <source>Jensen-Shannon distance between heads, clustered; click a cell to compare its two heads</source>
        <translation>各頭之間的 Jensen-Shannon 距離（已分群）；點一格就比較那兩個頭</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比較</translation>
    </message>
    <message>
        <source>Two heads side by side, with their metrics</source>
        <translation>兩個頭並列，附上它們的指標</translation>
    </message>
    <message>
        <source>Rollout</source>
        <translation>累積</translation>
    </message>
    <message>
        <source>How attention flows through the layers to the input tokens</source>
        <translation>注意力如何穿過各層流向輸入詞元</translation>
    </message>
    <message>
        <source>Ablation</source>
        <translation>消融</translation>
    </message>
    <message>
        <source>Switch heads off and see the later layers and the output change</source>
        <translation>關閉一些頭，看後面的層與輸出如何改變</translation>
    </message>
    <message>
        <source>Attention:</source>
        <translation>注意力：</translation>
    </message>
    <message>
        <source>Classes — sink ≥</source>
        <translation>類別——匯集 ≥</translation>
    </message>
    <message>
        <source>positional ≥</source>
        <translation>位置 ≥</translation>
    </message>
    <message>
        <source>global: entropy ≥</source>
        <translation>全域：熵 ≥</translation>
    </message>
    <message>
        <source>distance ≥</source>
        <translation>距離 ≥</translation>
    </message>
    <message>
        <source>local mass ≥</source>
        <translation>區域權重 ≥</translation>
    </message>
    <message>
        <source>window w</source>
        <translation>視窗 w</translation>
    </message>
    <message numerus="yes">
        <source>Averaged over %n sentence(s) of %1</source>
        <translation>
            <numerusform>%1 中 %n 個句子的平均</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> (%n line(s) skipped)</source>
        <translation>
            <numerusform>（略過 %n 行）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> (%n line(s) cut to the model's maximum length)</source>
        <translation>
            <numerusform>（%n 行截至模型的最大長度）</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot compute: %1</source>
        <translation>無法計算：%1</translation>
    </message>
    <message>
        <source>Metrics of the text in the input box</source>
        <translation>輸入框中文字的指標</translation>
    </message>
    <message>
        <source>Metrics of the text in the input box, %1</source>
        <translation>輸入框中文字的指標，%1</translation>
    </message>
    <message>
        <source>Computing head metrics…</source>
        <translation>正在計算各頭的指標……</translation>
    </message>
    <message>
        <source>Open a model to measure its heads.</source>
        <translation>開啟一個模型來量測它的注意力頭。</translation>
    </message>
    <message>
        <source> · induction %1</source>
        <translation> · 歸納 %1</translation>
    </message>
    <message>
        <source>Click a head in a chart to select it; it is shown in the Attention tab too.</source>
        <translation>在圖表中點一個頭來選取它；它也會顯示在「注意力」分頁中。</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · &lt;span style='color:%2'&gt;%3&lt;/span&gt; — entropy %4 nats (%5) · distance %6 (%7) · local %8 · previous %9 · current %10 · next %11 · sink %12 · confidence %13%14</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · &lt;span style='color:%2'&gt;%3&lt;/span&gt;——熵 %4 nats（%5）· 距離 %6（%7）· 區域 %8 · 前一個 %9 · 目前 %10 · 下一個 %11 · 匯集 %12 · 信心 %13%14</translation>
    </message>
    <message>
        <source>Corpus: One Sentence per Line</source>
        <translation>語料：每行一句</translation>
    </message>
    <message>
        <source>Text files (*.txt);;All files (*)</source>
        <translation>文字檔 (*.txt);;所有檔案 (*)</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>正在讀取 %1……</translation>
    </message>
    <message>
        <source>%1 is a folder, not a text file.</source>
        <translation>%1 是資料夾，不是文字檔。</translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation>無法讀取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is %2; a text file may be at most %3 (the model reads only its first tokens anyway).</source>
        <translation>%1 的大小為 %2；文字檔最大只能是 %3（反正模型只會讀取最前面的詞元）。</translation>
    </message>
    <message>
        <source>%1 is larger than %2.</source>
        <translation>%1 大於 %2。</translation>
    </message>
    <message>
        <source>%1 is empty.</source>
        <translation>%1 是空的。</translation>
    </message>
    <message>
        <source>%1 is not a text file: it holds a NUL byte at offset %2 (a binary file?).</source>
        <translation>%1 不是文字檔：它在位移 %2 處含有 NUL 位元組（是二進位檔嗎？）。</translation>
    </message>
    <message>
        <source>%1 is not UTF-8 text: byte 0x%2 at line %3, column %4 is not valid UTF-8. Save the file as UTF-8 and open it again.</source>
        <translation>%1 不是 UTF-8 文字：第 %3 行第 %4 欄的位元組 0x%2 不是有效的 UTF-8。請把檔案存成 UTF-8 後再開啟一次。</translation>
    </message>
    <message>
        <source>%1 heads</source>
        <translation>%1 個頭</translation>
    </message>
    <message>
        <source>%1 key/value head (MQA)</source>
        <translation>%1 個鍵／值頭（MQA）</translation>
    </message>
    <message>
        <source>%1 key/value heads (GQA)</source>
        <translation>%1 個鍵／值頭（GQA）</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>%1 of %2 dims</source>
        <translation>%2 維中的 %1 維</translation>
    </message>
    <message>
        <source>%1 feed-forward %2</source>
        <translation>%1 前饋網路 %2</translation>
    </message>
    <message>
        <source>%1 (first token %2, special tokens %3)</source>
        <translation>%1（第一個詞元 %2，特殊詞元 %3）</translation>
    </message>
</context>
<context>
    <name>ui::HeadChipsWidget</name>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Head %1</source>
        <translation>第 %1 個頭</translation>
    </message>
    <message>
        <source>Show every head</source>
        <translation>顯示所有頭</translation>
    </message>
    <message>
        <source>Head %1: click to show or hide it, double-click to show it alone</source>
        <translation>第 %1 個頭：按一下顯示或隱藏，按兩下只顯示它</translation>
    </message>
    <message>
        <source>K/V %1</source>
        <translation>K/V %1</translation>
    </message>
    <message>
        <source>Head %1 · shares keys and values with heads %2–%3 (key/value head %4 of %5)</source>
        <translation>第 %1 個頭 · 與第 %2–%3 個頭共用鍵與值（第 %4 個鍵／值頭，共 %5 個）</translation>
    </message>
    <message>
        <source>Heads %1–%2 read the same keys and values: key/value head %3 of %4 (grouped-query attention)</source>
        <translation>第 %1–%2 個頭讀取相同的鍵與值：第 %3 個鍵／值頭，共 %4 個（分組查詢注意力）</translation>
    </message>
</context>
<context>
    <name>ui::HeadSimilarityWidget</name>
    <message>
        <source>No heads to compare yet.</source>
        <translation>還沒有可比較的頭。</translation>
    </message>
    <message>
        <source>%1 vs %2
JS distance %3 (click to compare)</source>
        <translation>%1 vs %2
JS 距離 %3（點一下比較）</translation>
    </message>
</context>
<context>
    <name>ui::HeatmapWidget</name>
    <message>
        <source>No attention to show yet.</source>
        <translation>還沒有可顯示的注意力。</translation>
    </message>
    <message>
        <source>Head %1 · %2</source>
        <translation>第 %1 個頭 · %2</translation>
    </message>
    <message>
        <source>Δ α̂</source>
        <translation>Δ α̂</translation>
    </message>
    <message>
        <source>α̂</source>
        <translation>α̂</translation>
    </message>
    <message>
        <source>masked</source>
        <translation>已遮罩</translation>
    </message>
    <message>
        <source>Rows are queries, columns are keys; each row sums to 1. Hover a cell for its exact value.</source>
        <translation>列是查詢，行是鍵；每一列的總和為 1。把游標移到格子上可看到精確數值。</translation>
    </message>
    <message>
        <source> · sliding window %1</source>
        <translation> · 滑動視窗 %1</translation>
    </message>
    <message>
        <source> · key/value head %1 of %2</source>
        <translation> · 第 %1 個鍵／值頭，共 %2 個</translation>
    </message>
    <message>
        <source>window %1</source>
        <translation>視窗 %1</translation>
    </message>
    <message>
        <source>Sliding window of %1: each query sees only the keys between the outlined edges; the hatched cells left of the band are masked.</source>
        <translation>滑動視窗 %1：每個查詢只看得到外框之間的鍵；帶狀區左側的斜線格子被遮罩。</translation>
    </message>
    <message>
        <source>%1 · %2 (%3)</source>
        <translation>%1 · %2（%3）</translation>
    </message>
    <message>
        <source>Computing the tiles of this view…</source>
        <translation>正在計算這個視野的區塊…</translation>
    </message>
    <message>
        <source>Rows are queries, columns are keys: %1. Hover a cell for its exact value.</source>
        <translation>列是查詢，欄是鍵：%1。將游標移到格子上可看精確數值。</translation>
    </message>
    <message>
        <source> · sink share %1</source>
        <translation> · 匯集比例 %1</translation>
    </message>
    <message>
        <source> · queries %1–%2, keys %3–%4</source>
        <translation> · 查詢 %1–%2，鍵 %3–%4</translation>
    </message>
    <message>
        <source> · tiles: %1 of %2×%2 cells</source>
        <translation> · 圖塊：%1（每 %2×%2 格）</translation>
    </message>
    <message>
        <source>tiles: %1
of %2×%2 cells</source>
        <translation>圖塊：%1
（每 %2×%2 格）</translation>
    </message>
    <message>
        <source>all masked</source>
        <translation>全部已遮罩</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Queries %1–%2 × keys %3–%4: %5
A tile of %6×%6 cells: turn the wheel to zoom in for single cells and token labels.</source>
        <translation>查詢 %1–%2 × 鍵 %3–%4：%5
一個圖塊含 %6×%6 格：轉動滾輪放大，即可看到個別格子與詞元標籤。</translation>
    </message>
    <message>
        <source>Rows are queries, columns are keys, matched token by token: %1. Red: the weight rose; blue: it fell. Hover a cell for its exact value.</source>
        <translation>列是查詢，欄是鍵，逐個詞元對齊：%1。紅：權重上升；藍：權重下降。把游標移到格子上可看到精確數值。</translation>
    </message>
    <message>
        <source>Turn the wheel to zoom, drag to pan, double-click for the whole matrix.</source>
        <translation>轉動滾輪縮放，拖曳以平移，按兩下顯示整個矩陣。</translation>
    </message>
    <message>
        <source>Δ %1</source>
        <translation>Δ %1</translation>
    </message>
</context>
<context>
    <name>ui::InputPanel</name>
    <message>
        <source>&amp;Source:</source>
        <translation>來源(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Target:</source>
        <translation>目標(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>產生(&amp;G)</translation>
    </message>
    <message>
        <source>Type a sentence…</source>
        <translation>輸入一個句子……</translation>
    </message>
    <message>
        <source>The text the model reads. The views recompute as you type.</source>
        <translation>模型讀入的文字。輸入時各檢視會即時重新計算。</translation>
    </message>
    <message>
        <source>Empty: the model's own greedy output</source>
        <translation>空白：使用模型自己的貪婪輸出</translation>
    </message>
    <message>
        <source>What the decoder reads (teacher forcing). Leave it empty to see the model's own greedy output, or press Generate to put that output here for editing.</source>
        <translation>解碼器讀入的內容（教師強制）。留空可看到模型自己的貪婪輸出，或按「產生」把該輸出放進這裡編輯。</translation>
    </message>
    <message>
        <source>Translate greedily, one token at a time, and put the output in the target field (Ctrl+G)</source>
        <translation>一次一個詞元地貪婪翻譯，並把輸出放進目標欄位（Ctrl+G）</translation>
    </message>
    <message>
        <source>&amp;Text:</source>
        <translation>文字(&amp;T)：</translation>
    </message>
    <message>
        <source>Type the decoder's input…</source>
        <translation>輸入解碼器的輸入……</translation>
    </message>
    <message>
        <source>Decoder input: the start token and the model's greedy output</source>
        <translation>解碼器輸入：起始詞元加上模型的貪婪輸出</translation>
    </message>
    <message>
        <source>Decoder input as the model sees it</source>
        <translation>模型看到的解碼器輸入</translation>
    </message>
    <message>
        <source>Prediction: %1 (%2)</source>
        <translation>預測：%1（%2）</translation>
    </message>
    <message>
        <source>The sequence classifier's softmax probabilities:</source>
        <translation>序列分類器的 softmax 機率：</translation>
    </message>
    <message>
        <source>Each token's most probable label (softmax probability):</source>
        <translation>每個詞元最可能的標籤（softmax 機率）：</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>%1 → %2 (%3)</source>
        <translation>%1 → %2（%3）</translation>
    </message>
    <message>
        <source>Token labels: %1</source>
        <translation>詞元標籤：%1</translation>
    </message>
    <message>
        <source>Answer span: token %1 “%2”</source>
        <translation>答案範圍：第 %1 個詞元「%2」</translation>
    </message>
    <message>
        <source>Answer span: tokens %1–%2 “%3”</source>
        <translation>答案範圍：第 %1–%2 個詞元「%3」</translation>
    </message>
    <message numerus="yes">
        <source>The span with the highest start score + end score, at most %n token(s) long.</source>
        <translation>
            <numerusform>起點分數加終點分數最高、最長 %n 個詞元的範圍。</numerusform>
        </translation>
    </message>
    <message>
        <source>Start “%1” (p = %2), end “%3” (p = %4)</source>
        <translation>起點「%1」（p = %2），終點「%3」（p = %4）</translation>
    </message>
    <message>
        <source>Text &amp;B:</source>
        <translation>文字 B(&amp;B)：</translation>
    </message>
    <message>
        <source>Optional: a second text, read with the first as a pair</source>
        <translation>選填：第二段文字，與第一段一起當作一對讀入</translation>
    </message>
    <message>
        <source>Text B of a sentence pair ([CLS] A [SEP] B [SEP] for BERT, &lt;s&gt; A &lt;/s&gt;&lt;/s&gt; B &lt;/s&gt; for RoBERTa). Empty: one text.</source>
        <translation>句子對的文字 B（BERT 為 [CLS] A [SEP] B [SEP]，RoBERTa 為 &lt;s&gt; A &lt;/s&gt;&lt;/s&gt; B &lt;/s&gt;）。留空：只有一段文字。</translation>
    </message>
    <message>
        <source>Type a sentence, or open a text file (File ▸ Open Text…)…</source>
        <translation>輸入一個句子，或開啟文字檔（檔案 ▸ 開啟文字……）……</translation>
    </message>
    <message>
        <source>The text the model reads. The views recompute as you type; Enter starts a new line, Ctrl+Enter computes at once.</source>
        <translation>模型讀取的文字。各檢視會隨著輸入重新計算；Enter 換行，Ctrl+Enter 立即計算。</translation>
    </message>
</context>
<context>
    <name>ui::Language</name>
    <message>
        <source>System Language</source>
        <translation>系統語言</translation>
    </message>
    <message>
        <source>%1 is a folder, not a text file.</source>
        <translation>%1 是資料夾，不是文字檔。</translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation>無法讀取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is %2; a text file may be at most %3 (the model reads only its first tokens anyway).</source>
        <translation>%1 的大小為 %2；文字檔最大只能是 %3（反正模型只會讀取最前面的詞元）。</translation>
    </message>
    <message>
        <source>%1 is larger than %2.</source>
        <translation>%1 大於 %2。</translation>
    </message>
    <message>
        <source>%1 is empty.</source>
        <translation>%1 是空的。</translation>
    </message>
    <message>
        <source>%1 is not a text file: it holds a NUL byte at offset %2 (a binary file?).</source>
        <translation>%1 不是文字檔：它在位移 %2 處含有 NUL 位元組（是二進位檔嗎？）。</translation>
    </message>
    <message>
        <source>%1 is not UTF-8 text: byte 0x%2 at line %3, column %4 is not valid UTF-8. Save the file as UTF-8 and open it again.</source>
        <translation>%1 不是 UTF-8 文字：第 %3 行第 %4 欄的位元組 0x%2 不是有效的 UTF-8。請把檔案存成 UTF-8 後再開啟一次。</translation>
    </message>
    <message>
        <source>%1 heads</source>
        <translation>%1 個頭</translation>
    </message>
    <message>
        <source>%1 key/value head (MQA)</source>
        <translation>%1 個鍵／值頭（MQA）</translation>
    </message>
    <message>
        <source>%1 key/value heads (GQA)</source>
        <translation>%1 個鍵／值頭（GQA）</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>%1 of %2 dims</source>
        <translation>%2 維中的 %1 維</translation>
    </message>
    <message>
        <source>%1 feed-forward %2</source>
        <translation>%1 前饋網路 %2</translation>
    </message>
</context>
<context>
    <name>ui::LessonBar</name>
    <message>
        <source>◀ Back</source>
        <translation>◀ 上一步</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>下一步 ▶</translation>
    </message>
    <message>
        <source>Record Step</source>
        <translation>記錄步驟</translation>
    </message>
    <message>
        <source>Close Lesson</source>
        <translation>關閉課程</translation>
    </message>
    <message>
        <source>Caption for the next recorded step…</source>
        <translation>下一個記錄步驟的說明文字……</translation>
    </message>
    <message>
        <source>What the teacher says at the step that Record Step adds</source>
        <translation>「記錄步驟」新增的那一步，老師要說的話</translation>
    </message>
    <message>
        <source>Previous step of the lesson (Alt+←)</source>
        <translation>課程的上一步（Alt+←）</translation>
    </message>
    <message>
        <source>Next step of the lesson (Alt+→)</source>
        <translation>課程的下一步（Alt+→）</translation>
    </message>
    <message>
        <source>Add what the window shows now as the lesson's next step (Ctrl+Shift+R)</source>
        <translation>把視窗目前顯示的內容加為課程的下一步（Ctrl+Shift+R）</translation>
    </message>
    <message>
        <source>Untitled lesson</source>
        <translation>未命名課程</translation>
    </message>
    <message>
        <source>No steps yet: set up a view and press Record Step.</source>
        <translation>還沒有步驟：設定好檢視後按「記錄步驟」。</translation>
    </message>
    <message>
        <source>Press Next to start.</source>
        <translation>按「下一步」開始。</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>第 %1 步，共 %2 步</translation>
    </message>
</context>
<context>
    <name>ui::MainWindow</name>
    <message>
        <source>The heads rollout and flow average in each layer: Â = the mean of the chosen heads' α̂ (every head by default)</source>
        <translation>累積與注意力流在每一層平均的頭：Â = 所選各頭 α̂ 的平均（預設為所有頭）</translation>
    </message>
    <message>
        <source>All Heads</source>
        <translation>所有頭</translation>
    </message>
    <message>
        <source>Open from &amp;Hugging Face Cache…</source>
        <translation>從 &amp;Hugging Face 快取開啟…</translation>
    </message>
    <message>
        <source>Open a model already downloaded into the Hugging Face cache (nothing is downloaded)</source>
        <translation>開啟已下載到 Hugging Face 快取的模型（不會下載任何東西）</translation>
    </message>
    <message>
        <source>Loading %1 from the Hugging Face cache: %2…</source>
        <translation>正在從 Hugging Face 快取載入 %1：%2…</translation>
    </message>
    <message>
        <source>Open &amp;GGUF File…</source>
        <translation>開啟 &amp;GGUF 檔案…</translation>
    </message>
    <message>
        <source>Open a model stored as one GGUF file (llama.cpp's format)</source>
        <translation>開啟存成單一 GGUF 檔案的模型（llama.cpp 的格式）</translation>
    </message>
    <message>
        <source>Open GGUF File</source>
        <translation>開啟 GGUF 檔案</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有檔案 (*)</translation>
    </message>
    <message>
        <source>Positional encoding is off: every view shows attention as if the model had no word order. Ctrl+E turns it back on.</source>
        <translation>位置編碼已關閉：每個檢視顯示的注意力，都像模型不知道詞序一樣。按 Ctrl+E 重新開啟。</translation>
    </message>
    <message>
        <source>AttentionScope</source>
        <translation>AttentionScope</translation>
    </message>
    <message>
        <source>&amp;Open Model…</source>
        <translation>開啟模型(&amp;O)……</translation>
    </message>
    <message>
        <source>Open a model folder (config.json, model.safetensors and tokenizer files)</source>
        <translation>開啟模型資料夾（config.json、model.safetensors 與分詞器檔案）</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>結束(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Positional Encoding</source>
        <translation>位置編碼(&amp;P)</translation>
    </message>
    <message>
        <source>Add the positional encoding to the token embeddings (Ctrl+E). Off: every view is recomputed as if the model had no position information.</source>
        <translation>把位置編碼加到詞元嵌入上（Ctrl+E）。關閉時，所有檢視會重新計算，就像模型沒有位置資訊一樣。</translation>
    </message>
    <message>
        <source>PE &amp;Difference</source>
        <translation>位置編碼差異(&amp;D)</translation>
    </message>
    <message>
        <source>The What If tab shows α̂ with the positional encoding minus α̂ without it (Ctrl+D): red where position information raised a weight, blue where it lowered it.</source>
        <translation>「假設分析」分頁顯示有位置編碼的 α̂ 減去沒有位置編碼的 α̂（Ctrl+D）：紅色表示位置資訊提高了權重，藍色表示降低了權重。</translation>
    </message>
    <message>
        <source>P&amp;revious Layer</source>
        <translation>上一層(&amp;R)</translation>
    </message>
    <message>
        <source>Previous layer or attention (←, PgUp)</source>
        <translation>上一層或上一個注意力（←、PgUp）</translation>
    </message>
    <message>
        <source>&amp;Next Layer</source>
        <translation>下一層(&amp;N)</translation>
    </message>
    <message>
        <source>Next layer or attention (→, PgDn)</source>
        <translation>下一層或下一個注意力（→、PgDn）</translation>
    </message>
    <message>
        <source>&amp;Play Layers</source>
        <translation>播放各層(&amp;P)</translation>
    </message>
    <message>
        <source>Step through the layers on a timer (Space)</source>
        <translation>依時間自動逐層播放（空白鍵）</translation>
    </message>
    <message>
        <source>Previous &amp;Generation Step</source>
        <translation>上一個生成步驟(&amp;G)</translation>
    </message>
    <message>
        <source>Show the decoder one generated token earlier (Shift+←)</source>
        <translation>顯示早一個生成詞元時的解碼器（Shift+←）</translation>
    </message>
    <message>
        <source>Next G&amp;eneration Step</source>
        <translation>下一個生成步驟(&amp;E)</translation>
    </message>
    <message>
        <source>Show the decoder one generated token later (Shift+→)</source>
        <translation>顯示晚一個生成詞元時的解碼器（Shift+→）</translation>
    </message>
    <message>
        <source>&amp;Attention Views</source>
        <translation>注意力檢視(&amp;A)</translation>
    </message>
    <message>
        <source>Model &amp;Overview</source>
        <translation>模型總覽(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation>系統(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>淺色(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;About AttentionScope</source>
        <translation>關於 AttentionScope(&amp;A)</translation>
    </message>
    <message>
        <source>About AttentionScope</source>
        <translation>關於 AttentionScope</translation>
    </message>
    <message>
        <source>&lt;h3&gt;AttentionScope %1&lt;/h3&gt;&lt;p&gt;See what every attention head of a Transformer looks at.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Keys:&lt;/b&gt; Ctrl+O open · ←/→ or PgUp/PgDn layers · Space play · Shift+←/→ generation steps · Ctrl+E positional encoding · Ctrl+D difference · Ctrl+G generate · Ctrl+1/Ctrl+2 attention/overview&lt;/p&gt;</source>
        <translation>&lt;h3&gt;AttentionScope %1&lt;/h3&gt;&lt;p&gt;看看 Transformer 的每個注意力頭在看什麼。&lt;/p&gt;&lt;p&gt;&lt;b&gt;按鍵：&lt;/b&gt;Ctrl+O 開啟 · ←/→ 或 PgUp/PgDn 切換層 · 空白鍵 播放 · Shift+←/→ 生成步驟 · Ctrl+E 位置編碼 · Ctrl+D 差異 · Ctrl+G 產生 · Ctrl+1/Ctrl+2 注意力／總覽&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>檔案(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近開啟(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>檢視(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>主題(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>說明(&amp;H)</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具列</translation>
    </message>
    <message>
        <source>Layer:</source>
        <translation>層：</translation>
    </message>
    <message>
        <source>Previous layer (←, PgUp)</source>
        <translation>上一層（←、PgUp）</translation>
    </message>
    <message>
        <source>Encoder layers, then each decoder layer's masked self-attention and cross-attention</source>
        <translation>先是編碼器各層，再是每個解碼器層的遮罩自注意力與交叉注意力</translation>
    </message>
    <message>
        <source>Next layer (→, PgDn)</source>
        <translation>下一層（→、PgDn）</translation>
    </message>
    <message>
        <source>Generation:</source>
        <translation>生成：</translation>
    </message>
    <message>
        <source>One token earlier (Shift+←)</source>
        <translation>早一個詞元（Shift+←）</translation>
    </message>
    <message>
        <source>Step t: the decoder has produced t tokens. Its masked self-attention grows by one row per step; the highlighted row is the new token's.</source>
        <translation>第 t 步：解碼器已產生 t 個詞元。它的遮罩自注意力每一步多一列；標示出來的那一列屬於新詞元。</translation>
    </message>
    <message>
        <source>One token later (Shift+→)</source>
        <translation>晚一個詞元（Shift+→）</translation>
    </message>
    <message>
        <source>Replay the generation on a timer</source>
        <translation>依時間重播生成過程</translation>
    </message>
    <message>
        <source>Hide word-graph lines whose weight is below this value</source>
        <translation>隱藏字詞圖中權重低於此值的連線</translation>
    </message>
    <message>
        <source>Every head of this layer; click one to show it in the heatmap</source>
        <translation>這一層的所有頭；點一個就在熱圖中顯示它</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>注意力</translation>
    </message>
    <message>
        <source>Model Overview</source>
        <translation>模型總覽</translation>
    </message>
    <message>
        <source>Word graph and heatmap of the chosen layer and heads (Ctrl+1)</source>
        <translation>所選層與頭的字詞圖和熱圖（Ctrl+1）</translation>
    </message>
    <message>
        <source>Every layer and head at a glance (Ctrl+2)</source>
        <translation>一眼看完所有層與頭（Ctrl+2）</translation>
    </message>
    <message>
        <source>Heads</source>
        <translation>注意力頭</translation>
    </message>
    <message>
        <source>What each head does, in numbers: distance, entropy, classes, similarity, rollout, ablation</source>
        <translation>用數字看每個頭在做什麼：距離、熵、類別、相似度、累積、消融</translation>
    </message>
    <message>
        <source>Hide lines below</source>
        <translation>隱藏低於此值的連線</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>The open model. Open another with File ▸ Open or by dropping its folder here.</source>
        <translation>目前開啟的模型。用「檔案 ▸ 開啟」或把資料夾拖到這裡來開啟另一個。</translation>
    </message>
    <message>
        <source>Show or hide the model panel</source>
        <translation>顯示或隱藏模型面板</translation>
    </message>
    <message>
        <source>No bundled model found: open a model folder with File ▸ Open.</source>
        <translation>找不到內建模型：請用「檔案 ▸ 開啟」開啟模型資料夾。</translation>
    </message>
    <message>
        <source>Open a model folder with File ▸ Open (Ctrl+O), or drop one on this window.</source>
        <translation>用「檔案 ▸ 開啟」（Ctrl+O）開啟模型資料夾，或把資料夾拖到這個視窗上。</translation>
    </message>
    <message>
        <source>Loading model %1…</source>
        <translation>正在載入模型 %1……</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>載入中……</translation>
    </message>
    <message>
        <source>Open Model Folder</source>
        <translation>開啟模型資料夾</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>已開啟 %1</translation>
    </message>
    <message>
        <source>Could not open %1</source>
        <translation>無法開啟 %1</translation>
    </message>
    <message>
        <source>Cannot Open Model</source>
        <translation>無法開啟模型</translation>
    </message>
    <message>
        <source>The model in %1 could not be opened.</source>
        <translation>無法開啟 %1 中的模型。</translation>
    </message>
    <message>
        <source>Computing attention…</source>
        <translation>正在計算注意力……</translation>
    </message>
    <message>
        <source>The Reading options hide every token here: nothing to draw.</source>
        <translation>「閱讀」選項隱藏了這裡的每個詞元：沒有可畫的內容。</translation>
    </message>
    <message>
        <source>Cannot compute</source>
        <translation>無法計算</translation>
    </message>
    <message numerus="yes">
        <source>%n source token(s)</source>
        <translation>
            <numerusform>%n 個來源詞元</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n token(s)</source>
        <translation>
            <numerusform>%n 個詞元</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n target token(s)</source>
        <translation>
            <numerusform>，%n 個目標詞元</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 · computed in %2 ms</source>
        <translation>%1 · 計算耗時 %2 毫秒</translation>
    </message>
    <message>
        <source>Start: “%1”</source>
        <translation>開始：「%1」</translation>
    </message>
    <message>
        <source>Step %1: “%2”</source>
        <translation>第 %1 步：「%2」</translation>
    </message>
    <message>
        <source>Head %1</source>
        <translation>第 %1 個頭</translation>
    </message>
    <message>
        <source>Layer %1</source>
        <translation>第 %1 層</translation>
    </message>
    <message>
        <source>AttentionScope — %1</source>
        <translation>AttentionScope — %1</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>訓練</translation>
    </message>
    <message>
        <source>&amp;Train Panel</source>
        <translation>訓練面板(&amp;T)</translation>
    </message>
    <message>
        <source>Train a small Transformer on a built-in task and watch its attention form (Ctrl+T)</source>
        <translation>在內建任務上訓練一個小型 Transformer，觀察它的注意力如何形成（Ctrl+T）</translation>
    </message>
    <message>
        <source>Checkpoints</source>
        <translation>檢查點</translation>
    </message>
    <message>
        <source>Open Checkpoint &amp;Series…</source>
        <translation>開啟檢查點序列(&amp;S)……</translation>
    </message>
    <message>
        <source>Open a folder of step-NNNNNN checkpoints and scrub through training with a slider</source>
        <translation>開啟含有 step-NNNNNN 檢查點的資料夾，用滑桿瀏覽訓練過程</translation>
    </message>
    <message>
        <source>Cannot Open Checkpoint Series</source>
        <translation>無法開啟檢查點序列</translation>
    </message>
    <message numerus="yes">
        <source>Opened %n checkpoint(s) from %1</source>
        <translation>
            <numerusform>已從 %1 開啟 %n 個檢查點</numerusform>
        </translation>
    </message>
    <message>
        <source>Open Checkpoint Series</source>
        <translation>開啟檢查點序列</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>設定(&amp;S)…</translation>
    </message>
    <message>
        <source>Threads, precision, memory budget, language, theme and the views' defaults</source>
        <translation>執行緒、精確度、記憶體上限、語言、主題與各檢視的預設值</translation>
    </message>
    <message>
        <source>The new language is used from the next start.</source>
        <translation>新的語言會在下次啟動時使用。</translation>
    </message>
    <message>
        <source>Cannot Save Settings</source>
        <translation>無法儲存設定</translation>
    </message>
    <message>
        <source>%1 (all heads)</source>
        <translation>%1（所有頭）</translation>
    </message>
    <message>
        <source>What every attention view shows: raw weights, or a method that reads the same forward pass another way. Norm-based is per head; value zeroing, rollout and flow have one matrix per layer (all heads).</source>
        <translation>所有注意力視圖顯示的內容：原始權重，或以另一種方式解讀同一次前向傳遞的方法。範數注意力是每個頭一個矩陣；值歸零、累積和注意力流是每層一個矩陣（所有頭）。</translation>
    </message>
    <message>
        <source>Cancel Method</source>
        <translation>取消方法</translation>
    </message>
    <message>
        <source>Stop computing the chosen method (value zeroing and flow are slow on long inputs)</source>
        <translation>停止計算所選的方法（值歸零和注意力流在長輸入上很慢）</translation>
    </message>
    <message>
        <source>Method:</source>
        <translation>方法：</translation>
    </message>
    <message>
        <source>Logit Lens</source>
        <translation>邏輯透鏡</translation>
    </message>
    <message>
        <source>The prediction read out after every layer: top token and probability per layer and position</source>
        <translation>每層之後讀出的預測：每層每個位置的最可能詞元及機率</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1 follows one stack's self-attention: cross-attention has no %1 matrix.</source>
        <translation>%1 只沿著一個堆疊的自注意力：交叉注意力沒有%1矩陣。</translation>
    </message>
    <message>
        <source>Computing %1… %2%</source>
        <translation>正在計算%1… %2%</translation>
    </message>
    <message>
        <source>Computing attention</source>
        <translation>正在計算注意力</translation>
    </message>
    <message>
        <source>Open &amp;Text…</source>
        <translation>開啟文字(&amp;T)……</translation>
    </message>
    <message>
        <source>Read a UTF-8 text file into the source field (Ctrl+Alt+O); dropping a text file on the window does the same</source>
        <translation>把 UTF-8 文字檔讀入來源欄位（Ctrl+Alt+O）；把文字檔拖放到視窗上也有同樣效果</translation>
    </message>
    <message>
        <source>Open Text</source>
        <translation>開啟文字</translation>
    </message>
    <message>
        <source>Text files (*.txt *.md);;All files (*)</source>
        <translation>文字檔 (*.txt *.md);;所有檔案 (*)</translation>
    </message>
    <message>
        <source>Cannot Open Text</source>
        <translation>無法開啟文字</translation>
    </message>
    <message numerus="yes">
        <source>Read %1 (%n character(s))</source>
        <translation>
            <numerusform>已讀取 %1（%n 個字元）</numerusform>
        </translation>
    </message>
    <message>
        <source>Reading</source>
        <translation>閱讀</translation>
    </message>
    <message>
        <source>Words</source>
        <translation>字詞</translation>
    </message>
    <message>
        <source>Merge sub-word pieces into words in every view: a word's keys are summed, its queries averaged, so rows still sum to 1</source>
        <translation>在每個檢視中把子詞片段合併成字詞：字詞的鍵加總、查詢取平均，所以每一列的總和仍為 1</translation>
    </message>
    <message>
        <source>Hide special tokens</source>
        <translation>隱藏特殊詞元</translation>
    </message>
    <message>
        <source>Hide [CLS], [SEP], &lt;s&gt;, &lt;/s&gt; and the other special tokens; each row is rescaled so it keeps its total</source>
        <translation>隱藏 [CLS]、[SEP]、&lt;s&gt;、&lt;/s&gt; 及其他特殊詞元；每一列重新縮放，以保持原本的總和</translation>
    </message>
    <message>
        <source>Hide every occurrence of one token of the text; rows are rescaled</source>
        <translation>隱藏文字中某個詞元的每一次出現；各列會重新縮放</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（無）</translation>
    </message>
    <message>
        <source>For a sentence pair (Text B): only the queries of one text and the keys of one. Rows are not rescaled: A → B shows how much of each A row goes to B.</source>
        <translation>用於句子對（文字 B）：只看一段文字的查詢與一段文字的鍵。各列不重新縮放：A → B 顯示 A 的每一列有多少流向 B。</translation>
    </message>
    <message>
        <source>Both texts</source>
        <translation>兩段文字</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>門檻</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Word-graph lines: those above the threshold, or per query the fewest keys that hold a share p of its weight</source>
        <translation>字詞圖連線：高於門檻的連線，或對每個查詢取最少的幾個鍵，使它們合占該查詢權重的比例 p</translation>
    </message>
    <message>
        <source>p: the share of each query's weight its kept lines hold</source>
        <translation>p：每個查詢保留的連線合占其權重的比例</translation>
    </message>
    <message>
        <source> Hide token:</source>
        <translation> 隱藏詞元：</translation>
    </message>
    <message>
        <source> Pair:</source>
        <translation> 句子對：</translation>
    </message>
    <message>
        <source>Lines:</source>
        <translation>連線：</translation>
    </message>
    <message>
        <source> p</source>
        <translation> p</translation>
    </message>
    <message>
        <source>q·k</source>
        <translation>q·k</translation>
    </message>
    <message>
        <source>Why the selected head attends: its query, every key, q ⊙ k per dimension and the score's terms</source>
        <translation>選取的頭為什麼這樣注意：它的查詢、每個鍵、各維度的 q ⊙ k，以及分數的各項</translation>
    </message>
    <message>
        <source>Query/Key Map</source>
        <translation>查詢／鍵分布圖</translation>
    </message>
    <message>
        <source>The selected head's queries and keys over a corpus, projected onto two axes (PCA)</source>
        <translation>選取的頭在整個語料上的查詢與鍵，投影到兩個軸上（PCA）</translation>
    </message>
    <message>
        <source>Corpus Search</source>
        <translation>語料搜尋</translation>
    </message>
    <message>
        <source>Where in a corpus the selected head attends most from or to a token</source>
        <translation>選取的頭在語料中哪裡從某個詞元、或對某個詞元注意最強</translation>
    </message>
    <message>
        <source>What If</source>
        <translation>假設分析</translation>
    </message>
    <message>
        <source>Mask, delete or replace tokens, or compare with another sentence, checkpoint or without positional encoding: what changes in attention and in the prediction</source>
        <translation>遮罩、刪除或取代詞元，或與另一個句子、另一個檢查點、沒有位置編碼的情況比較：看注意力與預測有什麼改變</translation>
    </message>
    <message>
        <source>Training goes on in the Train panel; check “Show in views” there to watch it again.</source>
        <translation>訓練仍在「訓練」面板中進行；在那裡勾選「在檢視中顯示」即可再次觀看。</translation>
    </message>
</context>
<context>
    <name>ui::ModelOverviewWidget</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop drawing the thumbnails; the ones done stay</source>
        <translation>停止繪製縮圖；已完成的會保留</translation>
    </message>
    <message>
        <source>Layer %1, %2: still computing</source>
        <translation>第 %1 層，%2：仍在計算</translation>
    </message>
    <message>
        <source>Thumbnails: %1 of %2 heads (%3 %)</source>
        <translation>縮圖：%2 個頭中的 %1 個（%3 %）</translation>
    </message>
    <message>
        <source>Thumbnails stopped at %1 of %2 heads</source>
        <translation>縮圖停在 %2 個頭中的第 %1 個</translation>
    </message>
    <message>
        <source>Corner triangle: the head's class in the Heads tab — %1</source>
        <translation>角落三角形：該注意力頭在「注意力頭」分頁中的類別 — %1</translation>
    </message>
    <message>
        <source>Which attention of the model to show: encoder self-attention, decoder masked self-attention or decoder cross-attention</source>
        <translation>要顯示模型的哪一種注意力：編碼器自注意力、解碼器遮罩自注意力或解碼器交叉注意力</translation>
    </message>
    <message>
        <source>Every layer (rows) and head (columns). Click a thumbnail to open it.</source>
        <translation>所有層（列）與頭（行）。點一個縮圖就開啟它。</translation>
    </message>
    <message>
        <source>Attention:</source>
        <translation>注意力：</translation>
    </message>
    <message>
        <source>Layer %1</source>
        <translation>第 %1 層</translation>
    </message>
    <message>
        <source>Head %1</source>
        <translation>第 %1 個頭</translation>
    </message>
    <message>
        <source>Shaded bands: grouped-query attention. The %1 heads in a band share one key/value head (%2 key/value heads for %3 query heads), so their weights differ only through their queries.</source>
        <translation>陰影帶：分組查詢注意力。同一帶中的 %1 個頭共用一個鍵／值頭（%3 個查詢頭共 %2 個鍵／值頭），所以它們的權重只因查詢而不同。</translation>
    </message>
    <message>
        <source>%1 (all heads)</source>
        <translation>%1（所有頭）</translation>
    </message>
</context>
<context>
    <name>ui::ModelPanel</name>
    <message>
        <source>encoder only</source>
        <translation>僅編碼器</translation>
    </message>
    <message>
        <source>decoder only</source>
        <translation>僅解碼器</translation>
    </message>
    <message>
        <source>encoder–decoder</source>
        <translation>編碼器–解碼器</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>%1 encoder</source>
        <translation>%1 層編碼器</translation>
    </message>
    <message>
        <source>%1 decoder</source>
        <translation>%1 層解碼器</translation>
    </message>
    <message>
        <source> + </source>
        <translation> + </translation>
    </message>
    <message>
        <source>%1 (d_k = %2)</source>
        <translation>%1（d_k = %2）</translation>
    </message>
</context>
<context>
    <name>ui::TeachingTools</name>
    <message>
        <source>Classroom</source>
        <translation>課堂</translation>
    </message>
    <message>
        <source>The lecture's steps with this model's numbers: walkthrough, positional encoding, sandbox, Add &amp; Norm (Ctrl+5)</source>
        <translation>用這個模型的數字走一遍課堂內容：逐步解說、位置編碼、沙盒、相加與正規化（Ctrl+5）</translation>
    </message>
    <message>
        <source>&amp;Navigate</source>
        <translation>瀏覽(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>語言(&amp;L)</translation>
    </message>
</context>
<context>
    <name>ui::ThumbnailGrid</name>
    <message>
        <source>No attention to show yet.</source>
        <translation>還沒有可顯示的注意力。</translation>
    </message>
    <message>
        <source>Head %1 · %2</source>
        <translation>第 %1 個頭 · %2</translation>
    </message>
    <message>
        <source>Key/value head %1 of %2, shared with heads %3–%4</source>
        <translation>第 %1 個鍵／值頭（共 %2 個），與第 %3–%4 個頭共用</translation>
    </message>
    <message>
        <source>Sliding window %1: each query sees only the last %1 keys</source>
        <translation>滑動視窗 %1：每個查詢只看得到最後 %1 個鍵</translation>
    </message>
    <message>
        <source>Click to open it in the word graph and heatmap</source>
        <translation>點一下在字詞圖與熱圖中開啟</translation>
    </message>
    <message>
        <source>Sink share %1 (first and special tokens, marked above their column)</source>
        <translation>匯集比例 %1（第一個詞元與特殊詞元，標記在其欄上方）</translation>
    </message>
</context>
<context>
    <name>ui::TokenStrip</name>
    <message numerus="yes">
        <source>✂ %n token(s) cut: the model reads at most %1</source>
        <translation>
            <numerusform>✂ 截掉 %n 個詞元：模型最多只讀 %1 個</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… %n more token(s), not shown here: the views show every one</source>
        <translation>
            <numerusform>…… 另有 %n 個詞元未列於此：各檢視都會顯示每一個</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n token(s) as the model sees them</source>
        <translation>
            <numerusform>模型看到的 %n 個詞元</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Red: %n word(s) not in the vocabulary, read as the unknown token</source>
        <translation>
            <numerusform>紅色：%n 個字詞不在詞彙表中，以未知詞元讀入</numerusform>
        </translation>
    </message>
    <message>
        <source>As the vocabulary writes them: %1</source>
        <translation>詞彙表中的寫法：%1</translation>
    </message>
</context>
<context>
    <name>ui::TrainPanel</name>
    <message>
        <source>Speed:</source>
        <translation>速度：</translation>
    </message>
    <message>
        <source>Slow the run down to watch the attention pattern form in the views; changes take effect at once, also during a run</source>
        <translation>放慢訓練，以便在檢視中觀察注意力模式如何形成；變更立即生效，訓練進行中也一樣</translation>
    </message>
    <message numerus="yes">
        <source>%n step(s) per second</source>
        <translation>
            <numerusform>每秒 %n 步</numerusform>
        </translation>
    </message>
    <message>
        <source>As fast as possible</source>
        <translation>盡可能快</translation>
    </message>
    <message>
        <source>reverse and sort: digit strings; translate-en-zh: a small English grammar into Chinese; induction: letters repeated once (decoder-only)</source>
        <translation>reverse 與 sort：數字串；translate-en-zh：一套小型英文文法譯成中文；induction：重複一次的字母（僅解碼器）</translation>
    </message>
    <message>
        <source>Layers in each stack (encoder and decoder)</source>
        <translation>每個堆疊（編碼器與解碼器）的層數</translation>
    </message>
    <message>
        <source>Attention heads per layer; d_model must be a multiple of it</source>
        <translation>每層的注意力頭數；d_model 必須是它的倍數</translation>
    </message>
    <message>
        <source>Width of every token vector; the feed-forward width scales with it</source>
        <translation>每個詞元向量的寬度；前饋網路的寬度隨之調整</translation>
    </message>
    <message>
        <source>Optimiser steps of one batch each; a short run also shortens the warm-up</source>
        <translation>最佳化步數，每步一個批次；短的訓練也會縮短暖身階段</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>開始(&amp;S)</translation>
    </message>
    <message>
        <source>Train a new model from random weights with these settings</source>
        <translation>用這些設定，從隨機權重訓練一個新模型</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暫停(&amp;P)</translation>
    </message>
    <message>
        <source>Pause or resume the run; the views show the paused model</source>
        <translation>暫停或繼續訓練；各檢視會顯示暫停時的模型</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>End the run after the current step, keeping its weights as the current model</source>
        <translation>在目前這一步之後結束訓練，並把權重保留為目前的模型</translation>
    </message>
    <message>
        <source>Sa&amp;ve…</source>
        <translation>儲存(&amp;V)……</translation>
    </message>
    <message>
        <source>Write the current weights as a model folder that File ▸ Open reads</source>
        <translation>把目前的權重寫成「檔案 ▸ 開啟」可讀取的模型資料夾</translation>
    </message>
    <message>
        <source>Show in views</source>
        <translation>在檢視中顯示</translation>
    </message>
    <message>
        <source>Every 100 steps or so, show the model being trained in the attention views</source>
        <translation>大約每 100 步，在注意力檢視中顯示訓練中的模型</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>尚未開始</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>損失</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>準確率</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>accuracy %</source>
        <translation>準確率 %</translation>
    </message>
    <message>
        <source>Mean cross-entropy (left axis) and argmax accuracy over scored tokens (right axis) of the training batches</source>
        <translation>訓練批次的平均交叉熵（左軸）與計分詞元的 argmax 準確率（右軸）</translation>
    </message>
    <message>
        <source>Task:</source>
        <translation>任務：</translation>
    </message>
    <message>
        <source>Layers:</source>
        <translation>層數：</translation>
    </message>
    <message>
        <source>Heads:</source>
        <translation>頭數：</translation>
    </message>
    <message>
        <source>d_model:</source>
        <translation>d_model：</translation>
    </message>
    <message>
        <source>Steps:</source>
        <translation>步數：</translation>
    </message>
    <message>
        <source>Training failed: %1</source>
        <translation>訓練失敗：%1</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>已儲存到 %1</translation>
    </message>
    <message>
        <source>Could not save to %1: %2</source>
        <translation>無法儲存到 %1：%2</translation>
    </message>
    <message>
        <source>d_model (%1) must be a multiple of the number of heads (%2).</source>
        <translation>d_model（%1）必須是頭數（%2）的倍數。</translation>
    </message>
    <message>
        <source>Cannot train with these settings: %1</source>
        <translation>無法用這些設定訓練：%1</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在開始……</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>繼續(&amp;R)</translation>
    </message>
    <message>
        <source>loss %1 · accuracy %2 %</source>
        <translation>損失 %1 · 準確率 %2 %</translation>
    </message>
    <message>
        <source>Step %1 / %2 · %3 steps/s · ETA %4 · %5</source>
        <translation>第 %1 / %2 步 · 每秒 %3 步 · 預計剩餘 %4 · %5</translation>
    </message>
    <message>
        <source>Paused at step %1 / %2 · %3</source>
        <translation>暫停於第 %1 / %2 步 · %3</translation>
    </message>
    <message>
        <source>Stopping at step %1…</source>
        <translation>正在第 %1 步停止……</translation>
    </message>
    <message>
        <source>%1 at step %2 / %3 after %4 · %5</source>
        <translation>%1，第 %2 / %3 步，耗時 %4 · %5</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>%1 — training, step %2</source>
        <translation>%1 — 訓練中，第 %2 步</translation>
    </message>
    <message>
        <source>%1 — stopped at step %2 (not saved)</source>
        <translation>%1 — 停在第 %2 步（未儲存）</translation>
    </message>
    <message>
        <source>%1 — trained, %2 steps (not saved)</source>
        <translation>%1 — 已訓練 %2 步（未儲存）</translation>
    </message>
    <message>
        <source>Training in Progress</source>
        <translation>訓練進行中</translation>
    </message>
    <message>
        <source>Training %1 is at step %2 of %3. Closing the window discards the run.</source>
        <translation>%1 的訓練進行到第 %2 步，共 %3 步。關閉視窗會捨棄這次訓練。</translation>
    </message>
    <message>
        <source>To keep the model, choose Keep Training and use Save… in the Train panel.</source>
        <translation>若要保留模型，請選「繼續訓練」，再用訓練面板中的「儲存……」。</translation>
    </message>
    <message>
        <source>Keep Training</source>
        <translation>繼續訓練</translation>
    </message>
    <message>
        <source>Save Trained Model as a Folder</source>
        <translation>把訓練好的模型存成資料夾</translation>
    </message>
    <message>
        <source>%1 is a file; choose a folder name.</source>
        <translation>%1 是檔案；請選擇資料夾名稱。</translation>
    </message>
    <message>
        <source>Save Among the Bundled Models?</source>
        <translation>要存到內建模型之中嗎？</translation>
    </message>
    <message>
        <source>%1 is inside the app's bundled models (%2). Saving there changes the models the app ships with. Save there anyway?</source>
        <translation>%1 位於程式的內建模型之中（%2）。存在那裡會改變程式附帶的模型。仍要儲存嗎？</translation>
    </message>
    <message>
        <source>Replace Folder Contents?</source>
        <translation>要取代資料夾內容嗎？</translation>
    </message>
    <message>
        <source>%1 is not empty. Saving replaces its config.json, model.safetensors and vocabulary files. Continue?</source>
        <translation>%1 不是空的。儲存會取代其中的 config.json、model.safetensors 與詞彙檔。要繼續嗎？</translation>
    </message>
    <message>
        <source>Saving to %1…</source>
        <translation>正在儲存到 %1……</translation>
    </message>
</context>
<context>
    <name>ui::TrainingWorker</name>
    <message>
        <source>There is no trained model to save.</source>
        <translation>沒有可儲存的訓練模型。</translation>
    </message>
    <message>
        <source>Another save is still being written.</source>
        <translation>另一次儲存仍在寫入中。</translation>
    </message>
</context>
<context>
    <name>ui::WordGraphWidget</name>
    <message>
        <source>Vocabulary entry: “%1”</source>
        <translation>詞彙表項目：「%1」</translation>
    </message>
    <message>
        <source>Queries (source)</source>
        <translation>查詢（來源）</translation>
    </message>
    <message>
        <source>Keys (source)</source>
        <translation>鍵（來源）</translation>
    </message>
    <message>
        <source>Queries (target)</source>
        <translation>查詢（目標）</translation>
    </message>
    <message>
        <source>Keys (earlier target)</source>
        <translation>鍵（較早的目標）</translation>
    </message>
    <message>
        <source>No attention to show yet.</source>
        <translation>還沒有可顯示的注意力。</translation>
    </message>
    <message>
        <source>Each line joins a query token (left) to a key token (right); thicker and darker means more attention. Hover or click a token to see only its lines and every head's weight.</source>
        <translation>每條線連接一個查詢詞元（左）與一個鍵詞元（右）；越粗越深表示注意力越大。把游標移到詞元上或點一下，就只顯示它的連線與每個頭的權重。</translation>
    </message>
    <message>
        <source>Lines show attention weights; the difference view is drawn in the heatmap.</source>
        <translation>連線表示注意力權重；差異檢視畫在熱圖中。</translation>
    </message>
    <message numerus="yes">
        <source>✂ %n more token(s) cut at the maximum length</source>
        <translation>
            <numerusform>✂ 另有 %n 個詞元因超過最大長度而被截掉</numerusform>
        </translation>
    </message>
    <message>
        <source>Query %1: “%2”</source>
        <translation>查詢 %1：「%2」</translation>
    </message>
    <message>
        <source>Key %1: “%2”</source>
        <translation>鍵 %1：「%2」</translation>
    </message>
    <message>
        <source>Not in the model's vocabulary: the model sees its unknown token.</source>
        <translation>不在模型的詞彙表中：模型看到的是它的未知詞元。</translation>
    </message>
    <message>
        <source>Click to keep only this token's lines; click again to release.</source>
        <translation>點一下只保留這個詞元的連線；再點一下取消。</translation>
    </message>
    <message>
        <source>%1 (all heads)</source>
        <translation>%1（所有頭）</translation>
    </message>
    <message>
        <source>top-p %1 per query</source>
        <translation>每個查詢 top-p %1</translation>
    </message>
    <message numerus="yes">
        <source>top %n key(s) per query</source>
        <translation>
            <numerusform>每個查詢前 %n 個鍵</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ui::LessonMenu</name>
    <message>
        <source>Lesson</source>
        <translation>課程</translation>
    </message>
    <message>
        <source>Open &amp;Lesson…</source>
        <translation>開啟課程(&amp;L)……</translation>
    </message>
    <message>
        <source>Open a lesson file and replay its steps (Ctrl+L)</source>
        <translation>開啟課程檔，逐步重播（Ctrl+L）</translation>
    </message>
    <message>
        <source>Open the Lecture &amp;Lesson</source>
        <translation>開啟課堂講義課程(&amp;E)</translation>
    </message>
    <message>
        <source>The bundled lesson that follows the self-attention lecture step by step</source>
        <translation>內建課程，逐步跟著自注意力的課堂內容走</translation>
    </message>
    <message>
        <source>Save Lesson &amp;As…</source>
        <translation>另存課程(&amp;A)……</translation>
    </message>
    <message>
        <source>Save the lesson, with the steps recorded so far</source>
        <translation>儲存課程，包含目前已記錄的步驟</translation>
    </message>
    <message>
        <source>&amp;Record Lesson Step</source>
        <translation>記錄課程步驟(&amp;R)</translation>
    </message>
    <message>
        <source>Add what the window shows now as the lesson's next step (Ctrl+Shift+R)</source>
        <translation>把視窗目前顯示的內容加為課程的下一步（Ctrl+Shift+R）</translation>
    </message>
    <message>
        <source>Next Lesson Step</source>
        <translation>課程下一步</translation>
    </message>
    <message>
        <source>Next step of the lesson (Alt+→)</source>
        <translation>課程的下一步（Alt+→）</translation>
    </message>
    <message>
        <source>Previous Lesson Step</source>
        <translation>課程上一步</translation>
    </message>
    <message>
        <source>Previous step of the lesson (Alt+←)</source>
        <translation>課程的上一步（Alt+←）</translation>
    </message>
    <message>
        <source>Cannot Open Lesson</source>
        <translation>無法開啟課程</translation>
    </message>
    <message>
        <source>%1 is damaged: %2</source>
        <translation>%1 已損壞：%2</translation>
    </message>
    <message>
        <source>%1 has no steps.</source>
        <translation>%1 沒有任何步驟。</translation>
    </message>
    <message>
        <source>Cannot Save Lesson</source>
        <translation>無法儲存課程</translation>
    </message>
    <message>
        <source>The lesson has no steps: record one first.</source>
        <translation>這個課程沒有步驟：請先記錄一個。</translation>
    </message>
    <message>
        <source>Saved the lesson to %1</source>
        <translation>已把課程儲存到 %1</translation>
    </message>
    <message>
        <source>Recorded step %1</source>
        <translation>已記錄第 %1 步</translation>
    </message>
    <message>
        <source>Open Lesson</source>
        <translation>開啟課程</translation>
    </message>
    <message>
        <source>Lessons (*.json);;All files (*)</source>
        <translation>課程 (*.json);;所有檔案 (*)</translation>
    </message>
    <message>
        <source>Save Lesson</source>
        <translation>儲存課程</translation>
    </message>
    <message>
        <source>Lesson title:</source>
        <translation>課程標題：</translation>
    </message>
    <message>
        <source>Lessons (*.json)</source>
        <translation>課程 (*.json)</translation>
    </message>
</context>
<context>
    <name>ui::SessionMenu</name>
    <message>
        <source>Open &amp;Session…</source>
        <translation>開啟工作階段(&amp;S)……</translation>
    </message>
    <message>
        <source>Reopen a saved working state: model, text, view, layer, head and toggles (Ctrl+Shift+O)</source>
        <translation>重新開啟已儲存的工作狀態：模型、文字、檢視、層、頭與各項開關（Ctrl+Shift+O）</translation>
    </message>
    <message>
        <source>Save S&amp;ession…</source>
        <translation>儲存工作階段(&amp;E)……</translation>
    </message>
    <message>
        <source>Save the whole working state to a file (Ctrl+Shift+S)</source>
        <translation>把整個工作狀態存成檔案（Ctrl+Shift+S）</translation>
    </message>
    <message>
        <source>Cannot Save Session</source>
        <translation>無法儲存工作階段</translation>
    </message>
    <message>
        <source>Saved the session to %1</source>
        <translation>已把工作階段儲存到 %1</translation>
    </message>
    <message>
        <source>Cannot Open Session</source>
        <translation>無法開啟工作階段</translation>
    </message>
    <message>
        <source>%1 is damaged, so nothing was changed: %2</source>
        <translation>%1 已損壞，所以沒有做任何變更：%2</translation>
    </message>
    <message>
        <source>Open Session</source>
        <translation>開啟工作階段</translation>
    </message>
    <message>
        <source>Sessions (*.json);;All files (*)</source>
        <translation>工作階段 (*.json);;所有檔案 (*)</translation>
    </message>
    <message>
        <source>Save Session</source>
        <translation>儲存工作階段</translation>
    </message>
    <message>
        <source>Sessions (*.json)</source>
        <translation>工作階段 (*.json)</translation>
    </message>
    <message>
        <source>The session's token edits were not made: %1</source>
        <translation>未套用工作階段的詞元編輯：%1</translation>
    </message>
</context>
<context>
    <name>ui::ExportMenu</name>
    <message>
        <source>The model overview is still computing its thumbnails (%1 of %2 heads); export it once they are all drawn.</source>
        <translation>模型總覽仍在計算縮圖（%2 個頭中的 %1 個）；等全部畫好再匯出。</translation>
    </message>
    <message>
        <source>The difference view is still computing its figure; export it once it is drawn.</source>
        <translation>差異檢視仍在計算圖形；等它畫好再匯出。</translation>
    </message>
    <message>
        <source>The ablation view is still computing its thumbnails; export it once they are drawn.</source>
        <translation>消融檢視仍在計算縮圖；等全部畫好再匯出。</translation>
    </message>
    <message>
        <source>Figure as &amp;PNG…</source>
        <translation>圖片匯出為 PNG(&amp;P)……</translation>
    </message>
    <message>
        <source>Save the view on screen as a PNG at a chosen resolution (Ctrl+Shift+E)</source>
        <translation>以選定的解析度把畫面上的檢視存成 PNG（Ctrl+Shift+E）</translation>
    </message>
    <message>
        <source>Figure as &amp;SVG…</source>
        <translation>圖片匯出為 SVG(&amp;S)……</translation>
    </message>
    <message>
        <source>Save the view on screen as a scalable SVG drawing</source>
        <translation>把畫面上的檢視存成可縮放的 SVG 向量圖</translation>
    </message>
    <message>
        <source>&amp;Copy Figure</source>
        <translation>複製圖片(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the view on screen to the clipboard as an image (Ctrl+Shift+C)</source>
        <translation>把畫面上的檢視以圖片複製到剪貼簿（Ctrl+Shift+C）</translation>
    </message>
    <message>
        <source>Attention as &amp;CSV…</source>
        <translation>注意力匯出為 CSV(&amp;C)……</translation>
    </message>
    <message>
        <source>The current layer's α̂ for every head, one row per query</source>
        <translation>目前這一層每個頭的 α̂，每個查詢一列</translation>
    </message>
    <message>
        <source>Attention as &amp;JSON…</source>
        <translation>注意力匯出為 JSON(&amp;J)……</translation>
    </message>
    <message>
        <source>The current layer's α̂ with its tokens, as JSON</source>
        <translation>目前這一層的 α̂ 連同詞元，以 JSON 格式</translation>
    </message>
    <message>
        <source>Attention as &amp;NumPy .npy…</source>
        <translation>注意力匯出為 NumPy .npy(&amp;N)……</translation>
    </message>
    <message>
        <source>The current layer's α̂ as a float32 array of shape (heads, queries, keys)</source>
        <translation>目前這一層的 α̂，形狀為（頭, 查詢, 鍵）的 float32 陣列</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>匯出(&amp;X)</translation>
    </message>
    <message>
        <source>Cannot Export</source>
        <translation>無法匯出</translation>
    </message>
    <message>
        <source>There is no view to export.</source>
        <translation>沒有可匯出的檢視。</translation>
    </message>
    <message>
        <source>Cannot tell the format of %1: name it .png or .svg.</source>
        <translation>無法判斷 %1 的格式：請以 .png 或 .svg 命名。</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已儲存 %1</translation>
    </message>
    <message>
        <source>There is no attention to export yet.</source>
        <translation>還沒有可匯出的注意力。</translation>
    </message>
    <message>
        <source>Cannot tell the format of %1: name it .csv, .json or .npy.</source>
        <translation>無法判斷 %1 的格式：請以 .csv、.json 或 .npy 命名。</translation>
    </message>
    <message>
        <source>Export Figure as PNG</source>
        <translation>圖片匯出為 PNG</translation>
    </message>
    <message>
        <source>Export Figure as SVG</source>
        <translation>圖片匯出為 SVG</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 圖片 (*.png)</translation>
    </message>
    <message>
        <source>SVG drawings (*.svg)</source>
        <translation>SVG 向量圖 (*.svg)</translation>
    </message>
    <message>
        <source>Resolution in dots per inch (96 is the screen's; 300 for print):</source>
        <translation>解析度（每英寸點數；96 為螢幕解析度，印刷用 300）：</translation>
    </message>
    <message>
        <source>CSV tables (*.csv)</source>
        <translation>CSV 表格 (*.csv)</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON 檔案 (*.json)</translation>
    </message>
    <message>
        <source>NumPy arrays (*.npy)</source>
        <translation>NumPy 陣列 (*.npy)</translation>
    </message>
    <message>
        <source>Export Attention</source>
        <translation>匯出注意力</translation>
    </message>
    <message>
        <source>Copied the figure to the clipboard</source>
        <translation>已把圖片複製到剪貼簿</translation>
    </message>
    <message>
        <source>Export as PNG…</source>
        <translation>匯出為 PNG……</translation>
    </message>
    <message>
        <source>Export as SVG…</source>
        <translation>匯出為 SVG……</translation>
    </message>
    <message>
        <source>Copy Image</source>
        <translation>複製圖片</translation>
    </message>
    <message>
        <source>The previous export is still being written; try again in a moment.</source>
        <translation>上一個匯出仍在寫入中，請稍後再試。</translation>
    </message>
    <message>
        <source>Word graph · %1 · %2</source>
        <translation>字詞圖 · %1 · %2</translation>
    </message>
    <message>
        <source>queries i (left) → keys j (right)</source>
        <translation>查詢 i（左）→ 鍵 j（右）</translation>
    </message>
    <message>
        <source>token position (first at the top)</source>
        <translation>詞元位置（第一個在最上方）</translation>
    </message>
    <message>
        <source>head colour: one line per pair (i, j)</source>
        <translation>頭的顏色：每對 (i, j) 一條線</translation>
    </message>
    <message>
        <source>wider, darker line: larger α̂_{i,j}</source>
        <translation>線越寬越深：α̂_{i,j} 越大</translation>
    </message>
    <message>
        <source>wider, darker line: larger %1</source>
        <translation>線越寬越深：%1 越大</translation>
    </message>
    <message>
        <source>%1 ÷ the layer's largest</source>
        <translation>%1 ÷ 該層最大值</translation>
    </message>
    <message>
        <source>Attention weights α̂ · %1</source>
        <translation>注意力權重 α̂ · %1</translation>
    </message>
    <message>
        <source>key j</source>
        <translation>鍵 j</translation>
    </message>
    <message>
        <source>query i</source>
        <translation>查詢 i</translation>
    </message>
    <message>
        <source>Model overview · %1 · %2</source>
        <translation>模型總覽 · %1 · %2</translation>
    </message>
    <message>
        <source>head (each thumbnail: queries i down, keys j across)</source>
        <translation>頭（每張縮圖：查詢 i 由上往下，鍵 j 由左往右）</translation>
    </message>
    <message>
        <source>this layer</source>
        <translation>這一層</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>層</translation>
    </message>
    <message>
        <source>α̂</source>
        <translation>α̂</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>columns: key j (or dimension)</source>
        <translation>欄：鍵 j（或維度）</translation>
    </message>
    <message>
        <source>rows: query i (or position)</source>
        <translation>列：查詢 i（或位置）</translation>
    </message>
    <message>
        <source>Difference of attention · %1 · %2</source>
        <translation>注意力差異 · %1 · %2</translation>
    </message>
    <message>
        <source>key j (the tokens A and B share)</source>
        <translation>鍵 j（A 與 B 共有的詞元）</translation>
    </message>
    <message>
        <source>query i (the tokens A and B share)</source>
        <translation>查詢 i（A 與 B 共有的詞元）</translation>
    </message>
    <message>
        <source>Δα̂</source>
        <translation>Δα̂</translation>
    </message>
    <message>
        <source>Δ %1</source>
        <translation>Δ %1</translation>
    </message>
</context>
<context>
    <name>ui::PresentationControls</name>
    <message>
        <source>&amp;Presentation Mode</source>
        <translation>簡報模式(&amp;P)</translation>
    </message>
    <message>
        <source>Full screen, large type, high-contrast colour-blind-safe colours and keyboard navigation (F5; Esc leaves)</source>
        <translation>全螢幕、大字體、高對比且色盲友善的配色，並可用鍵盤操作（F5；Esc 離開）</translation>
    </message>
    <message>
        <source>Leave Presentation Mode</source>
        <translation>離開簡報模式</translation>
    </message>
    <message>
        <source>&amp;Classroom</source>
        <translation>課堂(&amp;C)</translation>
    </message>
    <message>
        <source>The walkthrough, positional encoding, sandbox and Add &amp; Norm (Ctrl+5)</source>
        <translation>逐步解說、位置編碼、沙盒與相加與正規化（Ctrl+5）</translation>
    </message>
    <message>
        <source>Previous &amp;Head</source>
        <translation>上一個頭(&amp;H)</translation>
    </message>
    <message>
        <source>Show the previous head ([)</source>
        <translation>顯示上一個頭（[）</translation>
    </message>
    <message>
        <source>Next H&amp;ead</source>
        <translation>下一個頭(&amp;E)</translation>
    </message>
    <message>
        <source>Show the next head (])</source>
        <translation>顯示下一個頭（]）</translation>
    </message>
    <message>
        <source>Previous &amp;Token</source>
        <translation>上一個詞元(&amp;T)</translation>
    </message>
    <message>
        <source>Move the pointer highlight to the previous query token (↑, presentation mode)</source>
        <translation>把指標標示移到上一個查詢詞元（↑，簡報模式）</translation>
    </message>
    <message>
        <source>Next T&amp;oken</source>
        <translation>下一個詞元(&amp;O)</translation>
    </message>
    <message>
        <source>Move the pointer highlight to the next query token (↓, presentation mode)</source>
        <translation>把指標標示移到下一個查詢詞元（↓，簡報模式）</translation>
    </message>
    <message>
        <source>Head %1</source>
        <translation>第 %1 個頭</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>語言</translation>
    </message>
    <message>
        <source>AttentionScope will use %1 from its next start.</source>
        <translation>AttentionScope 下次啟動時會使用%1。</translation>
    </message>
</context>
<context>
    <name>ui::ViewStateApplier</name>
    <message>
        <source>Cannot find the model “%1”; staying with the open one.</source>
        <translation>找不到模型「%1」；繼續使用目前開啟的模型。</translation>
    </message>
    <message>
        <source>This model has fewer layers or heads than the step names; showing layer %1, head %2.</source>
        <translation>這個模型的層或頭比步驟指定的少；改為顯示第 %1 層、第 %2 個頭。</translation>
    </message>
</context>
<context>
    <name>ui::HeadLayersPage</name>
    <message>
        <source>mean distance (÷ uniform)</source>
        <translation>平均距離（÷ 均勻）</translation>
    </message>
    <message>
        <source>entropy (÷ ln n)</source>
        <translation>熵（÷ ln n）</translation>
    </message>
    <message>
        <source>H%1 · %2</source>
        <translation>H%1 · %2</translation>
    </message>
    <message>
        <source>%1 layer %2</source>
        <translation>%1 第 %2 層</translation>
    </message>
    <message>
        <source>Head %1: mean distance %2 tokens (%3 of uniform), entropy %4 nats (%5 of ln n)</source>
        <translation>第 %1 個頭：平均距離 %2 個詞元（均勻的 %3），熵 %4 nats（ln n 的 %5）</translation>
    </message>
</context>
<context>
    <name>ui::HeadScatterPage</name>
    <message>
        <source>Cross-attention: query and key positions are not comparable, so there is no distance; x = sink share</source>
        <translation>交叉注意力：查詢與鍵的位置無法比較，所以沒有距離；x = 匯集比例</translation>
    </message>
    <message>
        <source>sink share</source>
        <translation>匯集比例</translation>
    </message>
    <message>
        <source>mean attention distance ÷ uniform</source>
        <translation>平均注意力距離 ÷ 均勻</translation>
    </message>
    <message>
        <source>entropy ÷ ln n</source>
        <translation>熵 ÷ ln n</translation>
    </message>
    <message>
        <source>L%1 · %2</source>
        <translation>L%1 · %2</translation>
    </message>
    <message>
        <source>selected: %1</source>
        <translation>已選取：%1</translation>
    </message>
</context>
<context>
    <name>ui::HeadReachPage</name>
    <message>
        <source>How far can each layer see? Attention vs a stack of width-3 convolutions</source>
        <translation>每一層能看多遠？注意力 vs 一疊寬度 3 的卷積</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>層</translation>
    </message>
    <message>
        <source>tokens</source>
        <translation>詞元數</translation>
    </message>
    <message>
        <source>encoder: mean distance</source>
        <translation>編碼器：平均距離</translation>
    </message>
    <message>
        <source>decoder: mean distance</source>
        <translation>解碼器：平均距離</translation>
    </message>
    <message>
        <source>attention: reach n − 1</source>
        <translation>注意力：可及 n − 1</translation>
    </message>
    <message>
        <source>CNN: reach l</source>
        <translation>CNN：可及 l</translation>
    </message>
    <message>
        <source>CNN: mean distance</source>
        <translation>CNN：平均距離</translation>
    </message>
</context>
<context>
    <name>ui::HeadComparePage</name>
    <message>
        <source>Most Local vs Most Global</source>
        <translation>最區域 vs 最全域</translation>
    </message>
    <message>
        <source>The self-attention head with the smallest normalised distance beside the one with the largest normalised entropy + distance</source>
        <translation>正規化距離最小的自注意力頭，與正規化熵加距離最大的那個並列</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · &lt;span style='color:%2'&gt;%3&lt;/span&gt;&lt;br&gt;entropy %4 nats (%5 of uniform) · mean distance %6 (%7 of uniform) · local mass %8&lt;br&gt;previous %9 · current %10 · next %11 · sink %12 · confidence %13%14</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · &lt;span style='color:%2'&gt;%3&lt;/span&gt;&lt;br&gt;熵 %4 nats（均勻的 %5）· 平均距離 %6（均勻的 %7）· 區域權重 %8&lt;br&gt;前一個 %9 · 目前 %10 · 下一個 %11 · 匯集 %12 · 信心 %13%14</translation>
    </message>
</context>
<context>
    <name>ui::HeadRolloutPage</name>
    <message numerus="yes">
        <source>Mean of %n head(s) · %1</source>
        <translation>
            <numerusform>%n 個注意力頭的平均 · %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Rollout · %1, layers 1–%2 · heads averaged</source>
        <translation>累積 · %1，第 1–%2 層 · 各注意力頭取平均</translation>
    </message>
    <message>
        <source>after layer </source>
        <translation>在此層之後 </translation>
    </message>
    <message>
        <source>Attention rollout (Abnar &amp; Zuidema 2020): average the heads, add the residual (½ A + ½ I), multiply the layers. Left: how much each position draws on each input token after the layer; right: that layer's own mean attention.</source>
        <translation>注意力累積（Abnar &amp; Zuidema 2020）：平均各頭、加上殘差（½ A + ½ I），再把各層相乘。左：經過這一層後，每個位置從每個輸入詞元取用多少；右：這一層自己的平均注意力。</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>計算中……</translation>
    </message>
</context>
<context>
    <name>ui::HeadAblationPage</name>
    <message>
        <source>Tick a head to switch it off: its output is zeroed before W^O</source>
        <translation>勾選一個頭就關閉它：它的輸出在乘 W^O 之前被設為零</translation>
    </message>
    <message>
        <source>All Heads On</source>
        <translation>開啟所有頭</translation>
    </message>
    <message>
        <source>Switch heads off:</source>
        <translation>關閉頭：</translation>
    </message>
    <message>
        <source>Switch a head off to see how the later layers' attention changes.</source>
        <translation>關閉一個頭，看看後面各層的注意力如何改變。</translation>
    </message>
    <message>
        <source>Next token</source>
        <translation>下一個詞元</translation>
    </message>
    <message>
        <source>p, all heads</source>
        <translation>p，所有頭</translation>
    </message>
    <message>
        <source>p, heads off</source>
        <translation>p，關閉部分頭</translation>
    </message>
    <message>
        <source>Δp</source>
        <translation>Δp</translation>
    </message>
    <message>
        <source>H%1</source>
        <translation>H%1</translation>
    </message>
    <message>
        <source>Switch %1 off</source>
        <translation>關閉 %1</translation>
    </message>
    <message>
        <source>Tick heads to switch them off: each one's output b^{i,h} is zeroed before W^O. Its own attention and the earlier layers stay as they were; later layers change.</source>
        <translation>勾選要關閉的頭：每個頭的輸出 b^{i,h} 在乘 W^O 之前被設為零。它自己的注意力與前面的層維持不變；後面的層會改變。</translation>
    </message>
    <message>
        <source>%1: largest change %2%3</source>
        <translation>%1：最大變化 %2%3</translation>
    </message>
    <message>
        <source> (switched off)</source>
        <translation>（已關閉）</translation>
    </message>
    <message>
        <source>Layer %1</source>
        <translation>第 %1 層</translation>
    </message>
    <message>
        <source>L%1 %2</source>
        <translation>L%1 %2</translation>
    </message>
    <message>
        <source>Head %1</source>
        <translation>第 %1 個頭</translation>
    </message>
    <message>
        <source>Off: %1. Both passes read as %2. Largest change (%3) per layer: %4. Red = weight gained, blue = lost.</source>
        <translation>已關閉：%1。兩次計算都以 %2 讀取。每層（%3）的最大變化：%4。紅 = 權重增加，藍 = 減少。</translation>
    </message>
    <message>
        <source>Off: %1.</source>
        <translation>已關閉：%1。</translation>
    </message>
    <message>
        <source>All heads</source>
        <translation>所有頭</translation>
    </message>
    <message numerus="yes">
        <source>Computing with %n head(s) off…</source>
        <translation>
            <numerusform>正在關閉 %n 個頭後計算……</numerusform>
        </translation>
    </message>
    <message>
        <source>Next token: KL(all heads ‖ heads off) = %1 nats.</source>
        <translation>下一個詞元：KL(所有頭 ‖ 關閉部分頭) = %1 nats。</translation>
    </message>
    <message>
        <source>all heads</source>
        <translation>所有頭</translation>
    </message>
    <message>
        <source>heads off</source>
        <translation>關閉的頭</translation>
    </message>
</context>
<context>
    <name>ui::Preferences</name>
    <message>
        <source>The settings file %1 cannot be written.</source>
        <translation>無法寫入設定檔 %1。</translation>
    </message>
    <message>
        <source>The settings file %1 is damaged.</source>
        <translation>設定檔 %1 已損壞。</translation>
    </message>
    <message>
        <source>The settings file %1 could not be read, and no copy of it could be written beside it. AttentionScope uses its default settings for now and leaves the file as it is.</source>
        <translation>無法讀取設定檔 %1，也無法在旁邊寫入它的副本。AttentionScope 這次先使用預設設定，並保留該檔案原狀。</translation>
    </message>
    <message>
        <source>The settings file %1 was damaged. AttentionScope kept the %2 settings it could read and uses defaults for the rest; the damaged file was saved as %3.</source>
        <translation>設定檔 %1 已損壞。AttentionScope 保留了能讀取的 %2 項設定，其餘使用預設值；損壞的檔案已另存為 %3。</translation>
    </message>
    <message>
        <source>%1 is a folder, not a text file.</source>
        <translation>%1 是資料夾，不是文字檔。</translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation>無法讀取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is %2; a text file may be at most %3 (the model reads only its first tokens anyway).</source>
        <translation>%1 的大小為 %2；文字檔最大只能是 %3（反正模型只會讀取最前面的詞元）。</translation>
    </message>
    <message>
        <source>%1 is larger than %2.</source>
        <translation>%1 大於 %2。</translation>
    </message>
    <message>
        <source>%1 is empty.</source>
        <translation>%1 是空的。</translation>
    </message>
    <message>
        <source>%1 is not a text file: it holds a NUL byte at offset %2 (a binary file?).</source>
        <translation>%1 不是文字檔：它在位移 %2 處含有 NUL 位元組（是二進位檔嗎？）。</translation>
    </message>
    <message>
        <source>%1 is not UTF-8 text: byte 0x%2 at line %3, column %4 is not valid UTF-8. Save the file as UTF-8 and open it again.</source>
        <translation>%1 不是 UTF-8 文字：第 %3 行第 %4 欄的位元組 0x%2 不是有效的 UTF-8。請把檔案存成 UTF-8 後再開啟一次。</translation>
    </message>
    <message>
        <source>%1 heads</source>
        <translation>%1 個頭</translation>
    </message>
    <message>
        <source>%1 key/value head (MQA)</source>
        <translation>%1 個鍵／值頭（MQA）</translation>
    </message>
    <message>
        <source>%1 key/value heads (GQA)</source>
        <translation>%1 個鍵／值頭（GQA）</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>%1 of %2 dims</source>
        <translation>%2 維中的 %1 維</translation>
    </message>
    <message>
        <source>%1 feed-forward %2</source>
        <translation>%1 前饋網路 %2</translation>
    </message>
</context>
<context>
    <name>ui::SettingsDialog</name>
    <message>
        <source>Exact</source>
        <translation>精確</translation>
    </message>
    <message>
        <source>Fast</source>
        <translation>快速</translation>
    </message>
    <message>
        <source>System</source>
        <translation>系統</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>淺色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>Computation</source>
        <translation>計算</translation>
    </message>
    <message>
        <source>&amp;Threads</source>
        <translation>執行緒(&amp;T)</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自動</translation>
    </message>
    <message>
        <source>Threads a forward pass uses; Automatic: one per core</source>
        <translation>前向傳遞使用的執行緒數；自動：每個核心一個</translation>
    </message>
    <message>
        <source>&amp;Precision</source>
        <translation>精確度(&amp;P)</translation>
    </message>
    <message>
        <source>Exact: the reference arithmetic. Fast: quicker, with differences in the last digits</source>
        <translation>精確：參考算法。快速：較快，末幾位數可能不同</translation>
    </message>
    <message>
        <source>&amp;Memory budget</source>
        <translation>記憶體上限(&amp;M)</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <source> MB</source>
        <translation> MB</translation>
    </message>
    <message>
        <source>The most memory one computation may use</source>
        <translation>單次計算可使用的最大記憶體</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>外觀</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>語言(&amp;L)</translation>
    </message>
    <message>
        <source>The interface language, used from the next start</source>
        <translation>介面語言，下次啟動時使用</translation>
    </message>
    <message>
        <source>T&amp;heme</source>
        <translation>主題(&amp;H)</translation>
    </message>
    <message>
        <source>Defaults of the views</source>
        <translation>各檢視的預設值</translation>
    </message>
    <message>
        <source>Add the positional &amp;encoding</source>
        <translation>加上位置編碼(&amp;E)</translation>
    </message>
    <message>
        <source>Start with the PE &amp;difference (What If tab)</source>
        <translation>啟動時顯示位置編碼差異（「假設分析」分頁）(&amp;D)</translation>
    </message>
    <message>
        <source>Hide word-graph lines &amp;below</source>
        <translation>隱藏權重低於此值的詞圖連線(&amp;B)</translation>
    </message>
    <message>
        <source>Half the available RAM</source>
        <translation>可用記憶體（RAM）的一半</translation>
    </message>
    <message>
        <source>The most memory one pass may use (weights not counted); a larger pass is refused with a message</source>
        <translation>單次前向傳遞最多可使用的記憶體（不含權重）；超過的話會拒絕執行並顯示訊息</translation>
    </message>
    <message>
        <source>Merge sub-word pieces into &amp;words</source>
        <translation>將子詞片段合併成字詞(&amp;W)</translation>
    </message>
    <message>
        <source>Hide the &amp;special tokens</source>
        <translation>隱藏特殊詞元(&amp;S)</translation>
    </message>
    <message>
        <source>Word-graph lines by &amp;top-p</source>
        <translation>詞圖連線依 top-p(&amp;T)</translation>
    </message>
</context>
<context>
    <name>ui::AttentionMethods</name>
    <message>
        <source>all heads</source>
        <translation>所有頭</translation>
    </message>
    <message>
        <source>heads %1</source>
        <translation>頭 %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>queries sampled: %1 of %2 (other rows 0)</source>
        <translation>抽樣查詢：%2 個中的 %1 個（其餘列為 0）</translation>
    </message>
    <message>
        <source>Raw attention</source>
        <translation>原始注意力</translation>
    </message>
    <message>
        <source>Norm-based</source>
        <translation>範數注意力</translation>
    </message>
    <message>
        <source>Value zeroing</source>
        <translation>值歸零</translation>
    </message>
    <message>
        <source>Rollout</source>
        <translation>累積</translation>
    </message>
    <message>
        <source>Attention flow</source>
        <translation>注意力流</translation>
    </message>
    <message>
        <source>Per head: the attention weights α̂ as the forward pass computed them</source>
        <translation>每個頭：前向傳遞算出的注意力權重 α̂</translation>
    </message>
    <message>
        <source>Per head: ‖α̂ · W^O v‖, how much of each key actually reaches the query (Kobayashi 2020)</source>
        <translation>每個頭：‖α̂ · W^O v‖，每個鍵實際傳到查詢的量（Kobayashi 2020）</translation>
    </message>
    <message>
        <source>Per layer (all heads): how far the query's output moves when the key's value is zeroed (Mohebbi 2023)</source>
        <translation>每層（所有頭）：把鍵的值向量歸零時，查詢的輸出移動多少（Mohebbi 2023）</translation>
    </message>
    <message>
        <source>Per layer (all heads): heads averaged with the residual, multiplied through the layers (Abnar 2020)</source>
        <translation>每層（所有頭）：各頭平均並加上殘差，逐層相乘（Abnar 2020）</translation>
    </message>
    <message>
        <source>Per layer (all heads): the maximum flow from each input token through the layers (Abnar 2020); slow</source>
        <translation>每層（所有頭）：從每個輸入詞元穿過各層的最大流（Abnar 2020）；較慢</translation>
    </message>
    <message>
        <source>%1 is a folder, not a text file.</source>
        <translation>%1 是資料夾，不是文字檔。</translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation>無法讀取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is %2; a text file may be at most %3 (the model reads only its first tokens anyway).</source>
        <translation>%1 的大小為 %2；文字檔最大只能是 %3（反正模型只會讀取最前面的詞元）。</translation>
    </message>
    <message>
        <source>%1 is larger than %2.</source>
        <translation>%1 大於 %2。</translation>
    </message>
    <message>
        <source>%1 is empty.</source>
        <translation>%1 是空的。</translation>
    </message>
    <message>
        <source>%1 is not a text file: it holds a NUL byte at offset %2 (a binary file?).</source>
        <translation>%1 不是文字檔：它在位移 %2 處含有 NUL 位元組（是二進位檔嗎？）。</translation>
    </message>
    <message>
        <source>%1 is not UTF-8 text: byte 0x%2 at line %3, column %4 is not valid UTF-8. Save the file as UTF-8 and open it again.</source>
        <translation>%1 不是 UTF-8 文字：第 %3 行第 %4 欄的位元組 0x%2 不是有效的 UTF-8。請把檔案存成 UTF-8 後再開啟一次。</translation>
    </message>
    <message>
        <source>%1 heads</source>
        <translation>%1 個頭</translation>
    </message>
    <message>
        <source>%1 key/value head (MQA)</source>
        <translation>%1 個鍵／值頭（MQA）</translation>
    </message>
    <message>
        <source>%1 key/value heads (GQA)</source>
        <translation>%1 個鍵／值頭（GQA）</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>%1 of %2 dims</source>
        <translation>%2 維中的 %1 維</translation>
    </message>
    <message>
        <source>%1 feed-forward %2</source>
        <translation>%1 前饋網路 %2</translation>
    </message>
</context>
<context>
    <name>ui::LogitLens</name>
    <message>
        <source>Embeddings</source>
        <translation>嵌入</translation>
    </message>
    <message>
        <source>Layer %1</source>
        <translation>第 %1 層</translation>
    </message>
    <message>
        <source>%1 is a folder, not a text file.</source>
        <translation>%1 是資料夾，不是文字檔。</translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation>無法讀取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is %2; a text file may be at most %3 (the model reads only its first tokens anyway).</source>
        <translation>%1 的大小為 %2；文字檔最大只能是 %3（反正模型只會讀取最前面的詞元）。</translation>
    </message>
    <message>
        <source>%1 is larger than %2.</source>
        <translation>%1 大於 %2。</translation>
    </message>
    <message>
        <source>%1 is empty.</source>
        <translation>%1 是空的。</translation>
    </message>
    <message>
        <source>%1 is not a text file: it holds a NUL byte at offset %2 (a binary file?).</source>
        <translation>%1 不是文字檔：它在位移 %2 處含有 NUL 位元組（是二進位檔嗎？）。</translation>
    </message>
    <message>
        <source>%1 is not UTF-8 text: byte 0x%2 at line %3, column %4 is not valid UTF-8. Save the file as UTF-8 and open it again.</source>
        <translation>%1 不是 UTF-8 文字：第 %3 行第 %4 欄的位元組 0x%2 不是有效的 UTF-8。請把檔案存成 UTF-8 後再開啟一次。</translation>
    </message>
    <message>
        <source>%1 heads</source>
        <translation>%1 個頭</translation>
    </message>
    <message>
        <source>%1 key/value head (MQA)</source>
        <translation>%1 個鍵／值頭（MQA）</translation>
    </message>
    <message>
        <source>%1 key/value heads (GQA)</source>
        <translation>%1 個鍵／值頭（GQA）</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>%1 of %2 dims</source>
        <translation>%2 維中的 %1 維</translation>
    </message>
    <message>
        <source>%1 feed-forward %2</source>
        <translation>%1 前饋網路 %2</translation>
    </message>
</context>
<context>
    <name>ui::LogitLensPage</name>
    <message>
        <source>The logit lens reads the model's prediction out of every layer: each cell is the token the output head would predict from the residual stream there, coloured by its probability.</source>
        <translation>邏輯透鏡從每一層讀出模型的預測：每個格子是輸出頭從該處殘差流會預測的詞元，顏色表示其機率。</translation>
    </message>
    <message>
        <source>Rows: the embeddings, then the residual stream after each layer. Columns: the positions. Click a cell for its top %1.</source>
        <translation>列：嵌入，接著是每層之後的殘差流。欄：位置。點選格子可看其前 %1 名。</translation>
    </message>
    <message>
        <source>Click a cell to list its top %1 tokens.</source>
        <translation>點選格子以列出其前 %1 名詞元。</translation>
    </message>
    <message>
        <source>Computing the logit lens…</source>
        <translation>正在計算邏輯透鏡…</translation>
    </message>
    <message>
        <source>No logit lens for this input.</source>
        <translation>這個輸入沒有邏輯透鏡。</translation>
    </message>
    <message>
        <source>No logit lens: %1</source>
        <translation>沒有邏輯透鏡：%1</translation>
    </message>
    <message>
        <source>Each cell: the most likely token read out at that layer and position, and its probability. The last row is the model's own prediction.</source>
        <translation>每個格子：在該層與位置讀出的最可能詞元及其機率。最後一列就是模型自己的預測。</translation>
    </message>
    <message>
        <source>%1 at “%2”: “%3”, p = %4</source>
        <translation>%1 於「%2」：「%3」，p = %4</translation>
    </message>
    <message>
        <source>%1, position %2 (“%3”): top %4</source>
        <translation>%1，位置 %2（「%3」）：前 %4 名</translation>
    </message>
    <message>
        <source>%1. “%2”  %3</source>
        <translation>%1.「%2」 %3</translation>
    </message>
</context>
<context>
    <name>ui::HfCacheDialog</name>
    <message>
        <source>No Hugging Face cache folder is set (HF_HUB_CACHE, HF_HOME or HOME).</source>
        <translation>未設定 Hugging Face 快取資料夾（HF_HUB_CACHE、HF_HOME 或 HOME）。</translation>
    </message>
    <message>
        <source>No models in %1. AttentionScope never downloads: fetch one with huggingface-cli download ORG/NAME.</source>
        <translation>%1 中沒有模型。AttentionScope 從不下載：請用 huggingface-cli download ORG/NAME 取得。</translation>
    </message>
    <message>
        <source>Models in %1:</source>
        <translation>%1 中的模型：</translation>
    </message>
    <message>
        <source>%1 cannot be opened: %2</source>
        <translation>無法開啟 %1：%2</translation>
    </message>
    <message>
        <source>Reading the Hugging Face cache %1…</source>
        <translation>正在讀取 Hugging Face 快取 %1…</translation>
    </message>
</context>
<context>
    <name>ui::HfCacheTable</name>
    <message>
        <source>Opens</source>
        <translation>可開啟</translation>
    </message>
    <message>
        <source>Cannot open: %1</source>
        <translation>無法開啟：%1</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架構</translation>
    </message>
    <message>
        <source>Size on disk</source>
        <translation>磁碟大小</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>狀態</translation>
    </message>
</context>
<context>
    <name>HfCacheDialog</name>
    <message>
        <source>Open from Hugging Face Cache</source>
        <translation>從 Hugging Face 快取開啟</translation>
    </message>
</context>
<context>
    <name>LayerSteps</name>
    <message>
        <source>Encoder layer %1 · self-attention</source>
        <translation>編碼器第 %1 層 · 自注意力</translation>
    </message>
    <message>
        <source>Decoder layer %1 · masked self-attention</source>
        <translation>解碼器第 %1 層 · 遮罩自注意力</translation>
    </message>
    <message>
        <source>Decoder layer %1 · cross-attention</source>
        <translation>解碼器第 %1 層 · 交叉注意力</translation>
    </message>
    <message>
        <source>Encoder self-attention</source>
        <translation>編碼器自注意力</translation>
    </message>
    <message>
        <source>Decoder masked self-attention</source>
        <translation>解碼器遮罩自注意力</translation>
    </message>
    <message>
        <source>Decoder cross-attention</source>
        <translation>解碼器交叉注意力</translation>
    </message>
    <message>
        <source>%1 is a folder, not a text file.</source>
        <translation>%1 是資料夾，不是文字檔。</translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation>無法讀取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is %2; a text file may be at most %3 (the model reads only its first tokens anyway).</source>
        <translation>%1 的大小為 %2；文字檔最大只能是 %3（反正模型只會讀取最前面的詞元）。</translation>
    </message>
    <message>
        <source>%1 is larger than %2.</source>
        <translation>%1 大於 %2。</translation>
    </message>
    <message>
        <source>%1 is empty.</source>
        <translation>%1 是空的。</translation>
    </message>
    <message>
        <source>%1 is not a text file: it holds a NUL byte at offset %2 (a binary file?).</source>
        <translation>%1 不是文字檔：它在位移 %2 處含有 NUL 位元組（是二進位檔嗎？）。</translation>
    </message>
    <message>
        <source>%1 is not UTF-8 text: byte 0x%2 at line %3, column %4 is not valid UTF-8. Save the file as UTF-8 and open it again.</source>
        <translation>%1 不是 UTF-8 文字：第 %3 行第 %4 欄的位元組 0x%2 不是有效的 UTF-8。請把檔案存成 UTF-8 後再開啟一次。</translation>
    </message>
    <message>
        <source>%1 heads</source>
        <translation>%1 個頭</translation>
    </message>
    <message>
        <source>%1 key/value head (MQA)</source>
        <translation>%1 個鍵／值頭（MQA）</translation>
    </message>
    <message>
        <source>%1 key/value heads (GQA)</source>
        <translation>%1 個鍵／值頭（GQA）</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>%1 of %2 dims</source>
        <translation>%2 維中的 %1 維</translation>
    </message>
    <message>
        <source>%1 feed-forward %2</source>
        <translation>%1 前饋網路 %2</translation>
    </message>
</context>
<context>
    <name>ui::WorkshopMode</name>
    <message>
        <source>&amp;Workshop…</source>
        <translation>工作坊(&amp;W)…</translation>
    </message>
    <message>
        <source>Show a lesson of the lecture full screen and locked: no files, no changes to the model, Page Down/Page Up to step, B for a black screen, Esc to leave</source>
        <translation>以全螢幕、鎖定的方式播放課堂的一課：不能開檔、不能改動模型，Page Down/Page Up 換步驟，B 黑畫面，Esc 離開</translation>
    </message>
    <message>
        <source>Next Workshop Step</source>
        <translation>工作坊下一步</translation>
    </message>
    <message>
        <source>Previous Workshop Step</source>
        <translation>工作坊上一步</translation>
    </message>
    <message>
        <source>Black Screen</source>
        <translation>黑畫面</translation>
    </message>
    <message>
        <source>Leave Workshop</source>
        <translation>離開工作坊</translation>
    </message>
    <message>
        <source>Leave the workshop? Esc again leaves and unlocks the window; Page Down, Page Up or an arrow key stays.</source>
        <translation>要離開工作坊嗎？再按一次 Esc 就離開並解除視窗鎖定；按 Page Down、Page Up 或方向鍵則留下。</translation>
    </message>
</context>
<context>
    <name>ui::WorkshopDialog</name>
    <message>
        <source>Start Workshop</source>
        <translation>開始工作坊</translation>
    </message>
</context>
<context>
    <name>WorkshopDialog</name>
    <message>
        <source>Workshop</source>
        <translation>工作坊</translation>
    </message>
    <message>
        <source>Choose a section of the lecture. The workshop shows it full screen and locked: no files can be opened and the model cannot be changed. Page Down and Page Up turn the steps, B blacks the screen, Esc asks before leaving.</source>
        <translation>選擇課堂的一節。工作坊會以全螢幕、鎖定的方式播放：不能開啟檔案，也不能改動模型。Page Down 和 Page Up 換步驟，B 讓畫面變黑，Esc 會先詢問再離開。</translation>
    </message>
    <message>
        <source>Lesson language:</source>
        <translation>課程語言：</translation>
    </message>
</context>
<context>
    <name>ui::ModelDescription</name>
    <message>
        <source>post-norm</source>
        <translation>後正規化</translation>
    </message>
    <message>
        <source>pre-norm</source>
        <translation>前正規化</translation>
    </message>
    <message>
        <source>parallel</source>
        <translation>平行</translation>
    </message>
    <message>
        <source>none</source>
        <translation>無</translation>
    </message>
    <message>
        <source>sinusoidal</source>
        <translation>正弦</translation>
    </message>
    <message>
        <source>sinusoidal (halves)</source>
        <translation>正弦（前後兩半）</translation>
    </message>
    <message>
        <source>learned</source>
        <translation>學習而得</translation>
    </message>
    <message>
        <source>%1 heads</source>
        <translation>%1 個頭</translation>
    </message>
    <message>
        <source>%1 key/value head (MQA)</source>
        <translation>%1 個鍵／值頭（MQA）</translation>
    </message>
    <message>
        <source>%1 key/value heads (GQA)</source>
        <translation>%1 個鍵／值頭（GQA）</translation>
    </message>
    <message>
        <source>head size %1</source>
        <translation>每個頭 %1 維</translation>
    </message>
    <message>
        <source>window %1</source>
        <translation>視窗 %1</translation>
    </message>
    <message>
        <source>window %1 on %2 of %3 layers</source>
        <translation>%3 層中的 %2 層有視窗 %1</translation>
    </message>
    <message>
        <source>soft-cap %1</source>
        <translation>軟上限 %1</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>rotary θ = %1</source>
        <translation>旋轉位置編碼 θ = %1</translation>
    </message>
    <message>
        <source>per-frequency factors %1–%2</source>
        <translation>逐頻率因子 %1–%2</translation>
    </message>
    <message>
        <source>%1 of %2 dims</source>
        <translation>%2 維中的 %1 維</translation>
    </message>
    <message>
        <source>relative bias, %1 buckets up to %2</source>
        <translation>相對位置偏差，%1 個區間，最遠 %2</translation>
    </message>
    <message>
        <source> (offset %1)</source>
        <translation>（位移 %1）</translation>
    </message>
    <message>
        <source> + output norms</source>
        <translation> + 輸出正規化</translation>
    </message>
    <message>
        <source>gated %1 feed-forward %2</source>
        <translation>閘控 %1 前饋網路 %2</translation>
    </message>
    <message>
        <source>%1 feed-forward %2</source>
        <translation>%1 前饋網路 %2</translation>
    </message>
    <message>
        <source>logits soft-capped at %1</source>
        <translation>輸出分數軟上限 %1</translation>
    </message>
    <message>
        <source>%1 is a folder, not a text file.</source>
        <translation>%1 是資料夾，不是文字檔。</translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation>無法讀取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is %2; a text file may be at most %3 (the model reads only its first tokens anyway).</source>
        <translation>%1 的大小為 %2；文字檔最大只能是 %3（反正模型只會讀取最前面的詞元）。</translation>
    </message>
    <message>
        <source>%1 is larger than %2.</source>
        <translation>%1 大於 %2。</translation>
    </message>
    <message>
        <source>%1 is empty.</source>
        <translation>%1 是空的。</translation>
    </message>
    <message>
        <source>%1 is not a text file: it holds a NUL byte at offset %2 (a binary file?).</source>
        <translation>%1 不是文字檔：它在位移 %2 處含有 NUL 位元組（是二進位檔嗎？）。</translation>
    </message>
    <message>
        <source>%1 is not UTF-8 text: byte 0x%2 at line %3, column %4 is not valid UTF-8. Save the file as UTF-8 and open it again.</source>
        <translation>%1 不是 UTF-8 文字：第 %3 行第 %4 欄的位元組 0x%2 不是有效的 UTF-8。請把檔案存成 UTF-8 後再開啟一次。</translation>
    </message>
</context>
<context>
    <name>ReplaceTokenDialog</name>
    <message>
        <source>Replace Token</source>
        <translation>取代詞元</translation>
    </message>
    <message>
        <source>A word or piece the model's vocabulary knows; it may become several tokens</source>
        <translation>模型詞彙表中有的字詞或片段；它可能變成好幾個詞元</translation>
    </message>
</context>
<context>
    <name>ui::Analysis</name>
    <message>
        <source>%1 is a folder, not a text file.</source>
        <translation>%1 是資料夾，不是文字檔。</translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation>無法讀取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is %2; a text file may be at most %3 (the model reads only its first tokens anyway).</source>
        <translation>%1 的大小為 %2；文字檔最大只能是 %3（反正模型只會讀取最前面的詞元）。</translation>
    </message>
    <message>
        <source>%1 is larger than %2.</source>
        <translation>%1 大於 %2。</translation>
    </message>
    <message>
        <source>%1 is empty.</source>
        <translation>%1 是空的。</translation>
    </message>
    <message>
        <source>%1 is not a text file: it holds a NUL byte at offset %2 (a binary file?).</source>
        <translation>%1 不是文字檔：它在位移 %2 處含有 NUL 位元組（是二進位檔嗎？）。</translation>
    </message>
    <message>
        <source>%1 is not UTF-8 text: byte 0x%2 at line %3, column %4 is not valid UTF-8. Save the file as UTF-8 and open it again.</source>
        <translation>%1 不是 UTF-8 文字：第 %3 行第 %4 欄的位元組 0x%2 不是有效的 UTF-8。請把檔案存成 UTF-8 後再開啟一次。</translation>
    </message>
    <message>
        <source>%1 heads</source>
        <translation>%1 個頭</translation>
    </message>
    <message>
        <source>%1 key/value head (MQA)</source>
        <translation>%1 個鍵／值頭（MQA）</translation>
    </message>
    <message>
        <source>%1 key/value heads (GQA)</source>
        <translation>%1 個鍵／值頭（GQA）</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>%1 of %2 dims</source>
        <translation>%2 維中的 %1 維</translation>
    </message>
    <message>
        <source>%1 feed-forward %2</source>
        <translation>%1 前饋網路 %2</translation>
    </message>
    <message>
        <source>Cancelled. Edit the text or press Ctrl+Enter in it to compute again.</source>
        <translation>已取消。編輯文字，或在文字框中按 Ctrl+Enter 重新計算。</translation>
    </message>
</context>
<context>
    <name>ui::AttentionSlice</name>
    <message>
        <source>%1 is a folder, not a text file.</source>
        <translation>%1 是資料夾，不是文字檔。</translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation>無法讀取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is %2; a text file may be at most %3 (the model reads only its first tokens anyway).</source>
        <translation>%1 的大小為 %2；文字檔最大只能是 %3（反正模型只會讀取最前面的詞元）。</translation>
    </message>
    <message>
        <source>%1 is larger than %2.</source>
        <translation>%1 大於 %2。</translation>
    </message>
    <message>
        <source>%1 is empty.</source>
        <translation>%1 是空的。</translation>
    </message>
    <message>
        <source>%1 is not a text file: it holds a NUL byte at offset %2 (a binary file?).</source>
        <translation>%1 不是文字檔：它在位移 %2 處含有 NUL 位元組（是二進位檔嗎？）。</translation>
    </message>
    <message>
        <source>%1 is not UTF-8 text: byte 0x%2 at line %3, column %4 is not valid UTF-8. Save the file as UTF-8 and open it again.</source>
        <translation>%1 不是 UTF-8 文字：第 %3 行第 %4 欄的位元組 0x%2 不是有效的 UTF-8。請把檔案存成 UTF-8 後再開啟一次。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>無</translation>
    </message>
    <message>
        <source>%1 heads</source>
        <translation>%1 個頭</translation>
    </message>
    <message>
        <source>%1 key/value head (MQA)</source>
        <translation>%1 個鍵／值頭（MQA）</translation>
    </message>
    <message>
        <source>%1 key/value heads (GQA)</source>
        <translation>%1 個鍵／值頭（GQA）</translation>
    </message>
    <message>
        <source>window %1</source>
        <translation>視窗 %1</translation>
    </message>
    <message>
        <source>window %1 on %2 of %3 layers</source>
        <translation>%3 層中的 %2 層有視窗 %1</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>%1 of %2 dims</source>
        <translation>%2 維中的 %1 維</translation>
    </message>
    <message>
        <source>%1 feed-forward %2</source>
        <translation>%1 前饋網路 %2</translation>
    </message>
    <message>
        <source>words: keys summed, queries averaged</source>
        <translation>字詞：鍵加總、查詢取平均</translation>
    </message>
    <message>
        <source>special tokens hidden, rows rescaled</source>
        <translation>已隱藏特殊詞元，各列重新縮放</translation>
    </message>
    <message>
        <source>“%1” hidden, rows rescaled</source>
        <translation>已隱藏「%1」，各列重新縮放</translation>
    </message>
</context>
<context>
    <name>ui::HeatmapTiles</name>
    <message>
        <source>%1 is a folder, not a text file.</source>
        <translation>%1 是資料夾，不是文字檔。</translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation>無法讀取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is %2; a text file may be at most %3 (the model reads only its first tokens anyway).</source>
        <translation>%1 的大小為 %2；文字檔最大只能是 %3（反正模型只會讀取最前面的詞元）。</translation>
    </message>
    <message>
        <source>%1 is larger than %2.</source>
        <translation>%1 大於 %2。</translation>
    </message>
    <message>
        <source>%1 is empty.</source>
        <translation>%1 是空的。</translation>
    </message>
    <message>
        <source>%1 is not a text file: it holds a NUL byte at offset %2 (a binary file?).</source>
        <translation>%1 不是文字檔：它在位移 %2 處含有 NUL 位元組（是二進位檔嗎？）。</translation>
    </message>
    <message>
        <source>%1 is not UTF-8 text: byte 0x%2 at line %3, column %4 is not valid UTF-8. Save the file as UTF-8 and open it again.</source>
        <translation>%1 不是 UTF-8 文字：第 %3 行第 %4 欄的位元組 0x%2 不是有效的 UTF-8。請把檔案存成 UTF-8 後再開啟一次。</translation>
    </message>
    <message>
        <source>%1 heads</source>
        <translation>%1 個頭</translation>
    </message>
    <message>
        <source>%1 key/value head (MQA)</source>
        <translation>%1 個鍵／值頭（MQA）</translation>
    </message>
    <message>
        <source>%1 key/value heads (GQA)</source>
        <translation>%1 個鍵／值頭（GQA）</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>%1 of %2 dims</source>
        <translation>%2 維中的 %1 維</translation>
    </message>
    <message>
        <source>%1 feed-forward %2</source>
        <translation>%1 前饋網路 %2</translation>
    </message>
    <message>
        <source>max</source>
        <translation>最大值</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>平均值</translation>
    </message>
</context>
<context>
    <name>ui::TextFile</name>
    <message>
        <source>%1 is a folder, not a text file.</source>
        <translation>%1 是資料夾，不是文字檔。</translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation>無法讀取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is %2; a text file may be at most %3 (the model reads only its first tokens anyway).</source>
        <translation>%1 的大小為 %2；文字檔最大只能是 %3（反正模型只會讀取最前面的詞元）。</translation>
    </message>
    <message>
        <source>%1 is larger than %2.</source>
        <translation>%1 大於 %2。</translation>
    </message>
    <message>
        <source>%1 is empty.</source>
        <translation>%1 是空的。</translation>
    </message>
    <message>
        <source>%1 is not a text file: it holds a NUL byte at offset %2 (a binary file?).</source>
        <translation>%1 不是文字檔：它在位移 %2 處含有 NUL 位元組（是二進位檔嗎？）。</translation>
    </message>
    <message>
        <source>%1 is not UTF-8 text: byte 0x%2 at line %3, column %4 is not valid UTF-8. Save the file as UTF-8 and open it again.</source>
        <translation>%1 不是 UTF-8 文字：第 %3 行第 %4 欄的位元組 0x%2 不是有效的 UTF-8。請把檔案存成 UTF-8 後再開啟一次。</translation>
    </message>
    <message>
        <source>%1 heads</source>
        <translation>%1 個頭</translation>
    </message>
    <message>
        <source>%1 key/value head (MQA)</source>
        <translation>%1 個鍵／值頭（MQA）</translation>
    </message>
    <message>
        <source>%1 key/value heads (GQA)</source>
        <translation>%1 個鍵／值頭（GQA）</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>%1 of %2 dims</source>
        <translation>%2 維中的 %1 維</translation>
    </message>
    <message>
        <source>%1 feed-forward %2</source>
        <translation>%1 前饋網路 %2</translation>
    </message>
</context>
<context>
    <name>ui::WhatIfJob</name>
    <message>
        <source>%1 is a folder, not a text file.</source>
        <translation>%1 是資料夾，不是文字檔。</translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation>無法讀取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is %2; a text file may be at most %3 (the model reads only its first tokens anyway).</source>
        <translation>%1 的大小為 %2；文字檔最大只能是 %3（反正模型只會讀取最前面的詞元）。</translation>
    </message>
    <message>
        <source>%1 is larger than %2.</source>
        <translation>%1 大於 %2。</translation>
    </message>
    <message>
        <source>%1 is empty.</source>
        <translation>%1 是空的。</translation>
    </message>
    <message>
        <source>%1 is not a text file: it holds a NUL byte at offset %2 (a binary file?).</source>
        <translation>%1 不是文字檔：它在位移 %2 處含有 NUL 位元組（是二進位檔嗎？）。</translation>
    </message>
    <message>
        <source>%1 is not UTF-8 text: byte 0x%2 at line %3, column %4 is not valid UTF-8. Save the file as UTF-8 and open it again.</source>
        <translation>%1 不是 UTF-8 文字：第 %3 行第 %4 欄的位元組 0x%2 不是有效的 UTF-8。請把檔案存成 UTF-8 後再開啟一次。</translation>
    </message>
    <message>
        <source>%1 heads</source>
        <translation>%1 個頭</translation>
    </message>
    <message>
        <source>%1 key/value head (MQA)</source>
        <translation>%1 個鍵／值頭（MQA）</translation>
    </message>
    <message>
        <source>%1 key/value heads (GQA)</source>
        <translation>%1 個鍵／值頭（GQA）</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>%1 of %2 dims</source>
        <translation>%2 維中的 %1 維</translation>
    </message>
    <message>
        <source>%1 feed-forward %2</source>
        <translation>%1 前饋網路 %2</translation>
    </message>
    <message>
        <source>as typed</source>
        <translation>原輸入</translation>
    </message>
    <message>
        <source>edited</source>
        <translation>編輯後</translation>
    </message>
    <message>
        <source>Type a second sentence to compare with.</source>
        <translation>輸入要比較的第二個句子。</translation>
    </message>
    <message>
        <source>The input is a sentence pair: type the second pair's text B too (text A is compared with text A, text B with text B).</source>
        <translation>輸入是一組句子對：也請輸入第二組句子對的文字 B（文字 A 與文字 A 比較，文字 B 與文字 B 比較）。</translation>
    </message>
    <message>
        <source>The input is one text: the second sentence has no text B to compare with.</source>
        <translation>輸入只有一段文字：第二個句子沒有可比較的文字 B。</translation>
    </message>
    <message>
        <source>this sentence</source>
        <translation>這個句子</translation>
    </message>
    <message>
        <source>the second sentence</source>
        <translation>第二個句子</translation>
    </message>
    <message>
        <source>Choose a second checkpoint to compare with.</source>
        <translation>選擇要比較的第二個檢查點。</translation>
    </message>
    <message>
        <source>this model</source>
        <translation>這個模型</translation>
    </message>
    <message>
        <source>without positional encoding</source>
        <translation>沒有位置編碼</translation>
    </message>
    <message>
        <source>with positional encoding</source>
        <translation>有位置編碼</translation>
    </message>
    <message>
        <source>A (%1)</source>
        <translation>A（%1）</translation>
    </message>
    <message>
        <source>B (%1)</source>
        <translation>B（%1）</translation>
    </message>
</context>
<context>
    <name>ui::ClassroomPositionKindPanel</name>
    <message>
        <source>Switch the positional encoding off in chosen layers</source>
        <translation>在選定的層關閉位置編碼</translation>
    </message>
    <message>
        <source>shift s = </source>
        <translation>位移 s = </translation>
    </message>
    <message>
        <source>head h</source>
        <translation>頭 h</translation>
    </message>
    <message>
        <source>distance i − j (query i, key j)</source>
        <translation>距離 i − j（查詢 i，鍵 j）</translation>
    </message>
    <message>
        <source>bias</source>
        <translation>偏差</translation>
    </message>
    <message>
        <source>Every frequency pair rotates</source>
        <translation>每個頻率對都旋轉</translation>
    </message>
    <message>
        <source>High frequencies off (the fast half of the pairs)</source>
        <translation>關閉高頻（轉得快的那一半頻率對）</translation>
    </message>
    <message>
        <source>Low frequencies off (the slow half of the pairs)</source>
        <translation>關閉低頻（轉得慢的那一半頻率對）</translation>
    </message>
    <message>
        <source>PE in layer %1</source>
        <translation>第 %1 層的位置編碼</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;No positional encoding.&lt;/b&gt; Nothing tells this model where a word stands; a decoder's mask alone tells each word how many words came before it.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;沒有位置編碼。&lt;/b&gt;沒有任何東西告訴這個模型字詞在哪個位置；只有解碼器的遮罩讓每個字詞知道它前面有幾個字詞。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Sinusoidal positional encoding&lt;/b&gt;, set by hand: e&lt;sup&gt;p&lt;/sup&gt; is added to a&lt;sup&gt;p&lt;/sup&gt; once, before layer 1. Switch it with the toolbar's Positional encoding (Ctrl+E).&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;正弦位置編碼&lt;/b&gt;，由公式人工設定：e&lt;sup&gt;p&lt;/sup&gt; 在第 1 層之前加到 a&lt;sup&gt;p&lt;/sup&gt; 上一次。用工具列的「位置編碼」（Ctrl+E）切換。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Learned positional encoding&lt;/b&gt;: the trained rows e&lt;sup&gt;p&lt;/sup&gt; are added to a&lt;sup&gt;p&lt;/sup&gt; once, before layer 1. Switch it with the toolbar's Positional encoding (Ctrl+E).&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;學習而得的位置編碼&lt;/b&gt;：訓練出來的各列 e&lt;sup&gt;p&lt;/sup&gt; 在第 1 層之前加到 a&lt;sup&gt;p&lt;/sup&gt; 上一次。用工具列的「位置編碼」（Ctrl+E）切換。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Rotary positional encoding (RoPE).&lt;/b&gt; Nothing is added to a&lt;sup&gt;i&lt;/sup&gt;: in every layer each head's q&lt;sup&gt;i&lt;/sup&gt; and k&lt;sup&gt;j&lt;/sup&gt; are cut into pairs and each pair is turned by its position times the pair's frequency ω. The dot product of two turned vectors only sees the angle between them, (i − j) ω, so α&lt;sub&gt;i,j&lt;/sub&gt; depends on i − j, not on where the sentence starts.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;旋轉位置編碼（RoPE）。&lt;/b&gt;a&lt;sup&gt;i&lt;/sup&gt; 上什麼都不加：在每一層，每個頭的 q&lt;sup&gt;i&lt;/sup&gt; 與 k&lt;sup&gt;j&lt;/sup&gt; 被切成一對一對，每一對轉動的角度是它的位置乘上該對的頻率 ω。兩個轉過的向量的內積只看得到它們之間的夾角 (i − j) ω，所以 α&lt;sub&gt;i,j&lt;/sub&gt; 取決於 i − j，而不是句子從哪裡開始。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;ALiBi&lt;/b&gt; (attention with linear biases). Nothing is added to a&lt;sup&gt;i&lt;/sup&gt;: in every layer head h adds −m&lt;sub&gt;h&lt;/sub&gt; · (i − j) to α&lt;sub&gt;i,j&lt;/sub&gt;, a penalty growing with the distance to the key; heads with a large slope m&lt;sub&gt;h&lt;/sub&gt; look near, the others far.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;ALiBi&lt;/b&gt;（線性偏差注意力）。a&lt;sup&gt;i&lt;/sup&gt; 上什麼都不加：在每一層，頭 h 把 −m&lt;sub&gt;h&lt;/sub&gt; · (i − j) 加到 α&lt;sub&gt;i,j&lt;/sub&gt; 上，這個懲罰隨著與鍵的距離增加；斜率 m&lt;sub&gt;h&lt;/sub&gt; 大的頭看近處，其他的頭看遠處。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;T5 relative position bias.&lt;/b&gt; Nothing is added to a&lt;sup&gt;i&lt;/sup&gt;: each head adds a learned number b&lt;sub&gt;h&lt;/sub&gt;[bucket(j − i)] to α&lt;sub&gt;i,j&lt;/sub&gt;. Small distances have a bucket each; larger ones share logarithmically wider buckets up to the maximum distance.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;T5 相對位置偏差。&lt;/b&gt;a&lt;sup&gt;i&lt;/sup&gt; 上什麼都不加：每個頭把一個學習而得的數 b&lt;sub&gt;h&lt;/sub&gt;[bucket(j − i)] 加到 α&lt;sub&gt;i,j&lt;/sub&gt; 上。較小的距離各有自己的區間；較大的距離共用以對數方式變寬的區間，直到最大距離為止。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>head %1</source>
        <translation>第 %1 個頭</translation>
    </message>
    <message>
        <source>ALiBi bias −m_h (i − j)</source>
        <translation>ALiBi 偏差 −m_h (i − j)</translation>
    </message>
    <message>
        <source>Slopes: %1</source>
        <translation>斜率：%1</translation>
    </message>
    <message>
        <source>T5 bias b_h[bucket(j − i)]</source>
        <translation>T5 偏差 b_h[bucket(j − i)]</translation>
    </message>
    <message>
        <source>Buckets (i − j → bucket): %1</source>
        <translation>區間（i − j → 區間）：%1</translation>
    </message>
    <message>
        <source>α = q^i · k^j / √d at positions 0 … %1</source>
        <translation>位置 0 … %1 的 α = q^i · k^j / √d</translation>
    </message>
    <message>
        <source>the same sentence at positions %1 … %2</source>
        <translation>同一個句子放在位置 %1 … %2</translation>
    </message>
    <message>
        <source>Layer %1, head %2: max |α(shifted) − α| = %3 (largest |α| %4): the same scores. Rotary attention depends on i − j only.</source>
        <translation>第 %1 層，第 %2 個頭：max |α(平移後) − α| = %3（最大的 |α| 為 %4）：分數相同。旋轉位置編碼的注意力只取決於 i − j。</translation>
    </message>
    <message>
        <source>Layer %1, head %2: max |α(shifted) − α| = %3: the scores differ.</source>
        <translation>第 %1 層，第 %2 個頭：max |α(平移後) − α| = %3：分數不同。</translation>
    </message>
    <message>
        <source>α̂, layer %1 head %2, every position term on</source>
        <translation>α̂，第 %1 層第 %2 個頭，所有位置項都開啟</translation>
    </message>
    <message>
        <source>α̂ with your switches</source>
        <translation>依你的開關設定算出的 α̂</translation>
    </message>
    <message>
        <source>layer %1: %2</source>
        <translation>第 %1 層：%2</translation>
    </message>
    <message>
        <source>max |α̂(switched) − α̂| per layer — %1. Layers before the first switched one are unchanged; a layer without its position term, and every layer after it, may change.</source>
        <translation>每層的 max |α̂(切換後) − α̂| —— %1。第一個切換的層之前的各層不變；拿掉位置項的層以及它之後的每一層都可能改變。</translation>
    </message>
</context>
<context>
    <name>ui::ClassroomRotaryPlanes</name>
    <message>
        <source>pair %1 (off)</source>
        <translation>第 %1 對（關閉）</translation>
    </message>
    <message>
        <source>pair %1</source>
        <translation>第 %1 對</translation>
    </message>
    <message>
        <source>turn: %1 positions</source>
        <translation>轉一圈：%1 個位置</translation>
    </message>
</context>
<context>
    <name>ui::CorpusPicker</name>
    <message>
        <source>Browse…</source>
        <translation>瀏覽……</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>A text file, one sentence per line</source>
        <translation>文字檔，每行一句</translation>
    </message>
    <message>
        <source>Corpus:</source>
        <translation>語料：</translation>
    </message>
    <message>
        <source>Open Corpus</source>
        <translation>開啟語料</translation>
    </message>
    <message>
        <source>Text files (*.txt *.tsv);;All files (*)</source>
        <translation>文字檔 (*.txt *.tsv);;所有檔案 (*)</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
</context>
<context>
    <name>ui::CorpusSearchPage</name>
    <message>
        <source>Search</source>
        <translation>搜尋</translation>
    </message>
    <message>
        <source>token, e.g. the</source>
        <translation>詞元，例如 the</translation>
    </message>
    <message>
        <source>attends most from the token</source>
        <translation>以這個詞元為查詢時注意最強</translation>
    </message>
    <message>
        <source>attends most to the token</source>
        <translation>最注意這個詞元</translation>
    </message>
    <message>
        <source>has the token as its top key</source>
        <translation>以這個詞元為最高分的鍵</translation>
    </message>
    <message>
        <source>How many hits to list, best first</source>
        <translation>要列出幾筆結果，最佳的在前</translation>
    </message>
    <message>
        <source>Find where in a corpus the selected head attends most from or to a token. Double-click a hit to open its sentence.</source>
        <translation>找出選取的頭在語料中哪裡從某個詞元、或對某個詞元注意最強。按兩下結果即可開啟它的句子。</translation>
    </message>
    <message>
        <source>line</source>
        <translation>行</translation>
    </message>
    <message>
        <source>query</source>
        <translation>查詢</translation>
    </message>
    <message>
        <source>key</source>
        <translation>鍵</translation>
    </message>
    <message>
        <source>weight</source>
        <translation>權重</translation>
    </message>
    <message>
        <source>sentence</source>
        <translation>句子</translation>
    </message>
    <message>
        <source>target</source>
        <translation>目標</translation>
    </message>
    <message>
        <source>Where the head</source>
        <translation>頭在哪裡</translation>
    </message>
    <message>
        <source>List:</source>
        <translation>列出：</translation>
    </message>
    <message>
        <source>Searching with %1, layer %2, head %3…</source>
        <translation>正在以 %1 的第 %2 層、第 %3 個頭搜尋……</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>No search: %1</source>
        <translation>無法搜尋：%1</translation>
    </message>
    <message>
        <source>%1 of %2 hits in %3 sentences, best first.</source>
        <translation>%3 個句子中共 %2 筆結果，列出 %1 筆，最佳的在前。</translation>
    </message>
    <message>
        <source>%1 “%2”</source>
        <translation>%1「%2」</translation>
    </message>
    <message>
        <source>the selected head</source>
        <translation>選取的頭</translation>
    </message>
    <message>
        <source>every head of its layer</source>
        <translation>其所在層的每個頭</translation>
    </message>
    <message>
        <source>these heads:</source>
        <translation>這些頭：</translation>
    </message>
    <message>
        <source>layer.head, e.g. 1.2, 2.3</source>
        <translation>層.頭，例如 1.2, 2.3</translation>
    </message>
    <message>
        <source>head</source>
        <translation>頭</translation>
    </message>
    <message>
        <source>Heads:</source>
        <translation>頭：</translation>
    </message>
    <message>
        <source>%1, layer %2, head %3</source>
        <translation>%1 的第 %2 層、第 %3 個頭</translation>
    </message>
    <message>
        <source>%1, heads %2</source>
        <translation>%1 的頭 %2</translation>
    </message>
    <message>
        <source>Searching with %1…</source>
        <translation>正在以 %1 搜尋……</translation>
    </message>
    <message>
        <source>layer %1, head %2</source>
        <translation>第 %1 層、第 %2 個頭</translation>
    </message>
</context>
<context>
    <name>ui::DifferenceView</name>
    <message>
        <source>Difference B − A</source>
        <translation>差異 B − A</translation>
    </message>
    <message>
        <source>A alone</source>
        <translation>只看 A</translation>
    </message>
    <message>
        <source>B alone</source>
        <translation>只看 B</translation>
    </message>
    <message>
        <source>The large heatmap: B − A over the tokens both have (blue: lost weight, red: gained), or either pass's own α̂</source>
        <translation>大熱圖：兩者共有詞元上的 B − A（藍：權重減少，紅：增加），或任一次前向傳遞自己的 α̂</translation>
    </message>
    <message>
        <source>Next token</source>
        <translation>下一個詞元</translation>
    </message>
    <message>
        <source>p in A</source>
        <translation>A 中的 p</translation>
    </message>
    <message>
        <source>p in B</source>
        <translation>B 中的 p</translation>
    </message>
    <message>
        <source>Δp</source>
        <translation>Δp</translation>
    </message>
    <message>
        <source>Attention:</source>
        <translation>注意力：</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>顯示：</translation>
    </message>
    <message>
        <source>Right-click a token in the word graph or heatmap to mask, delete or replace it, or choose another comparison above.</source>
        <translation>在字詞圖或熱圖中的詞元上按右鍵，即可遮罩、刪除或取代它；也可以在上方選擇其他比較方式。</translation>
    </message>
    <message>
        <source>A: %1 · B: %2, both read as %3. Largest change: %4.</source>
        <translation>A：%1 · B：%2，兩者皆以「%3」讀取。最大變化：%4。</translation>
    </message>
    <message>
        <source>Next token: KL(A ‖ B) = %1 nats.</source>
        <translation>下一個詞元：KL(A ‖ B) = %1 nats。</translation>
    </message>
    <message>
        <source>Layer %1</source>
        <translation>第 %1 層</translation>
    </message>
    <message>
        <source>Head %1</source>
        <translation>第 %1 個頭</translation>
    </message>
    <message>
        <source>No token is in both A and B: nothing to subtract.</source>
        <translation>A 與 B 沒有共同的詞元：無法相減。</translation>
    </message>
    <message>
        <source>each row's top-p keys (p = %1)</source>
        <translation>每列的 top-p 鍵（p = %1）</translation>
    </message>
    <message>
        <source>All heads</source>
        <translation>所有頭</translation>
    </message>
</context>
<context>
    <name>ui::JobProgress</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop this computation; the views keep what they showed</source>
        <translation>停止這次計算；各檢視保留原本顯示的內容</translation>
    </message>
</context>
<context>
    <name>ui::QkMapPage</name>
    <message>
        <source>Compute Map</source>
        <translation>計算分布圖</translation>
    </message>
    <message>
        <source>Colour by position</source>
        <translation>依位置著色</translation>
    </message>
    <message>
        <source>Colour by token</source>
        <translation>依詞元著色</translation>
    </message>
    <message>
        <source>The selected head's queries (●) and keys (■) over a corpus, projected onto the two axes that keep most of their spread (PCA): a query lies near the keys it scores highly. Click a point to open its sentence.</source>
        <translation>選取的頭在整個語料上的查詢（●）與鍵（■），投影到最能保留其分散程度的兩個軸上（PCA）：查詢會落在它給高分的鍵附近。點一個點即可開啟它的句子。</translation>
    </message>
    <message>
        <source>Computing the map of %1, layer %2, head %3…</source>
        <translation>正在計算 %1 第 %2 層、第 %3 個頭的分布圖……</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>No map: %1</source>
        <translation>無法產生分布圖：%1</translation>
    </message>
    <message>
        <source>%1 points (queries and keys) from %2 sentences.</source>
        <translation>來自 %2 個句子的 %1 個點（查詢與鍵）。</translation>
    </message>
    <message>
        <source>%1 %2 “%3”, line %4: %5</source>
        <translation>%1 %2「%3」，第 %4 行：%5</translation>
    </message>
    <message>
        <source>query</source>
        <translation>查詢</translation>
    </message>
    <message>
        <source>key</source>
        <translation>鍵</translation>
    </message>
    <message>
        <source>Centre and scale queries and keys separately</source>
        <translation>分別將查詢與鍵置中並縮放</translation>
    </message>
    <message>
        <source>As AttentionViz does: before the projection the queries and the keys are each moved to mean 0 and scaled to mean squared length 1, so the two clouds overlap and the axes show how each is arranged. Compute the map again after changing it.</source>
        <translation>如 AttentionViz 的做法：投影之前，查詢與鍵各自平移到平均為 0，並縮放到平均平方長度為 1，讓兩團點雲重疊，座標軸顯示各自的排列方式。變更後請重新計算地圖。</translation>
    </message>
    <message>
        <source>Queries and keys centred and scaled separately.</source>
        <translation>查詢與鍵已分別置中並縮放。</translation>
    </message>
</context>
<context>
    <name>ui::QkPage</name>
    <message>
        <source>α_{i,j} = scale · Σ_d (q^i ⊙ k^j)_d + bias_{i,j}     \hat{α}_{i,j} = softmax_j(α_{i,j})</source>
        <translation>α_{i,j} = 縮放 · Σ_d (q^i ⊙ k^j)_d + 偏差_{i,j}     \hat{α}_{i,j} = softmax_j(α_{i,j})</translation>
    </message>
    <message>
        <source>Why the selected head attends where it does: its query q, every key k and their products, dimension by dimension.</source>
        <translation>選取的頭為什麼注意它所注意的地方：它的查詢 q、每個鍵 k，以及兩者逐維度的乘積。</translation>
    </message>
    <message>
        <source>The query position (from 1); clicking a token in the word graph picks it too</source>
        <translation>查詢位置（從 1 起算）；在字詞圖中點一個詞元也可以選取它</translation>
    </message>
    <message>
        <source>Query:</source>
        <translation>查詢：</translation>
    </message>
    <message>
        <source>Computing q·k…</source>
        <translation>正在計算 q·k……</translation>
    </message>
    <message>
        <source>No q·k view for this input.</source>
        <translation>這個輸入沒有 q·k 檢視。</translation>
    </message>
    <message>
        <source>No q·k view: %1</source>
        <translation>無法產生 q·k 檢視：%1</translation>
    </message>
    <message>
        <source>content</source>
        <translation>內容</translation>
    </message>
    <message>
        <source>without rotation</source>
        <translation>未旋轉</translation>
    </message>
    <message>
        <source>rotation</source>
        <translation>旋轉</translation>
    </message>
    <message>
        <source>capped</source>
        <translation>軟上限後</translation>
    </message>
    <message>
        <source>position bias</source>
        <translation>位置偏差</translation>
    </message>
    <message>
        <source>d%1</source>
        <translation>d%1</translation>
    </message>
    <message>
        <source>q (before rotation)</source>
        <translation>q（旋轉前）</translation>
    </message>
    <message>
        <source>q</source>
        <translation>q</translation>
    </message>
    <message>
        <source>q (rotated)</source>
        <translation>q（旋轉後）</translation>
    </message>
    <message>
        <source>k%1 “%2”</source>
        <translation>k%1「%2」</translation>
    </message>
    <message>
        <source>masked</source>
        <translation>已遮罩</translation>
    </message>
    <message>
        <source>%1, layer %2, head %3 (key/value head %4), query %5 “%6”: each row is one key; d1…d%7 are q ⊙ k, whose sum times %8 is the content term.</source>
        <translation>%1，第 %2 層，第 %3 個頭（第 %4 個鍵／值頭），查詢 %5「%6」：每一列是一個鍵；d1…d%7 是 q ⊙ k，其總和乘上 %8 就是內容項。</translation>
    </message>
</context>
<context>
    <name>ui::QkScatterWidget</name>
    <message>
        <source>Choose a corpus file and compute the map.</source>
        <translation>選擇一個語料檔，然後計算分布圖。</translation>
    </message>
    <message>
        <source>● query   ■ key   x: PC1 (%1% of the spread)   y: PC2 (%2%)</source>
        <translation>● 查詢   ■ 鍵   x：PC1（分散程度的 %1%）   y：PC2（%2%）</translation>
    </message>
</context>
<context>
    <name>ui::ReplaceTokenDialog</name>
    <message>
        <source>Replace token %1 “%2” with:</source>
        <translation>把詞元 %1「%2」取代為：</translation>
    </message>
</context>
<context>
    <name>ui::TokenEdits</name>
    <message>
        <source>at %1</source>
        <translation>於 %1</translation>
    </message>
    <message>
        <source>at target %1</source>
        <translation>於目標 %1</translation>
    </message>
    <message>
        <source>%1 deleted %2</source>
        <translation>%1 已刪除 %2</translation>
    </message>
    <message>
        <source>1 edit: %1</source>
        <translation>1 項編輯：%1</translation>
    </message>
    <message>
        <source>%1 edits: %2</source>
        <translation>%1 項編輯：%2</translation>
    </message>
</context>
<context>
    <name>ui::EditsBanner</name>
    <message>
        <source>Every view, export and prediction reads the edited tokens</source>
        <translation>每個視圖、匯出與預測都讀取編輯後的詞元</translation>
    </message>
    <message>
        <source>Show Difference</source>
        <translation>顯示差異</translation>
    </message>
    <message>
        <source>The What If tab: the edited input against the input as typed</source>
        <translation>「假設分析」分頁：編輯後的輸入對照原本輸入的內容</translation>
    </message>
    <message>
        <source>Clear Edits</source>
        <translation>清除編輯</translation>
    </message>
    <message>
        <source>Undo every token edit: the views show the text as typed again</source>
        <translation>復原所有詞元編輯：視圖重新顯示原本輸入的文字</translation>
    </message>
</context>
<context>
    <name>ui::WhatIfPanel</name>
    <message>
        <source>Token edits</source>
        <translation>詞元編輯</translation>
    </message>
    <message>
        <source>Another sentence</source>
        <translation>另一個句子</translation>
    </message>
    <message>
        <source>Another checkpoint</source>
        <translation>另一個檢查點</translation>
    </message>
    <message>
        <source>Positional encoding off</source>
        <translation>關閉位置編碼</translation>
    </message>
    <message>
        <source>What B is: A is the input and model on show</source>
        <translation>B 是什麼：A 是目前顯示的輸入與模型</translation>
    </message>
    <message>
        <source>Undo Edit</source>
        <translation>復原編輯</translation>
    </message>
    <message>
        <source>Clear Edits</source>
        <translation>清除編輯</translation>
    </message>
    <message>
        <source>A second sentence: its tokens are matched with these where they agree (LCS)</source>
        <translation>第二個句子：它的詞元在一致之處與這裡的詞元對齊（LCS）</translation>
    </message>
    <message>
        <source>The second pair's text B: matched with text B (LCS)</source>
        <translation>第二組句子對的文字 B：與文字 B 對齊（LCS）</translation>
    </message>
    <message>
        <source>Text B:</source>
        <translation>文字 B：</translation>
    </message>
    <message>
        <source>B:</source>
        <translation>B：</translation>
    </message>
    <message>
        <source>No checkpoint chosen</source>
        <translation>尚未選擇檢查點</translation>
    </message>
    <message>
        <source>Choose Checkpoint…</source>
        <translation>選擇檢查點……</translation>
    </message>
    <message>
        <source>A model folder of the same architecture: a fine-tuned model, or another step of a training run</source>
        <translation>相同架構的模型資料夾：微調過的模型，或同一次訓練的另一個步驟</translation>
    </message>
    <message>
        <source>B is the pass with the positional encoding, A the same tokens without it.</source>
        <translation>B 是有位置編碼的前向傳遞，A 是相同詞元但沒有位置編碼的。</translation>
    </message>
    <message>
        <source>Compare with:</source>
        <translation>比較對象：</translation>
    </message>
    <message>
        <source>There is no computed input to edit.</source>
        <translation>沒有已計算的輸入可以編輯。</translation>
    </message>
    <message>
        <source>No edits. Right-click a token in the word graph or heatmap to mask, delete or replace it.</source>
        <translation>沒有編輯。在字詞圖或熱圖中的詞元上按右鍵，即可遮罩、刪除或取代它。</translation>
    </message>
    <message>
        <source>Token %1 “%2” is a piece an earlier replacement added, not a token as typed: undo that edit to change it.</source>
        <translation>詞元 %1「%2」是先前的取代加入的片段，不是原本輸入的詞元：請先復原那次編輯再修改它。</translation>
    </message>
    <message>
        <source>There is no token %1: the input has %2 tokens (positions 0 to %3).</source>
        <translation>沒有詞元 %1：輸入共有 %2 個詞元（位置 0 到 %3）。</translation>
    </message>
    <message>
        <source>“%1” is %2 tokens (%3): token %4 became %2 tokens, and the tokens after it moved %5 to the right.</source>
        <translation>「%1」是 %2 個詞元（%3）：詞元 %4 變成 %2 個詞元，其後的詞元往右移了 %5 個位置。</translation>
    </message>
    <message>
        <source>Choose a Checkpoint of the Same Architecture</source>
        <translation>選擇相同架構的檢查點</translation>
    </message>
    <message>
        <source>Open a model and type a text to compare.</source>
        <translation>開啟模型並輸入文字以進行比較。</translation>
    </message>
    <message>
        <source>Right-click a token in the word graph or heatmap to mask, delete or replace it; the difference from the input as typed appears here.</source>
        <translation>在字詞圖或熱圖中的詞元上按右鍵，即可遮罩、刪除或取代它；與原輸入的差異會顯示在這裡。</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>計算中……</translation>
    </message>
    <message>
        <source>There is no token to edit.</source>
        <translation>沒有可編輯的詞元。</translation>
    </message>
</context>
<context>
    <name>ui::LivingDiagramWidget</name>
    <message>
        <source>Token %1, the query chosen, is past the end of these %2 query tokens: the figure shows the last one.</source>
        <translation>選定的查詢是第 %1 個詞元，超出這裡的 %2 個查詢詞元：圖中顯示最後一個。</translation>
    </message>
    <message>
        <source>◀ Step</source>
        <translation>◀ 上一段</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暫停</translation>
    </message>
    <message>
        <source>Step ▶</source>
        <translation>下一段 ▶</translation>
    </message>
    <message>
        <source>Back to the end of the previous stage</source>
        <translation>回到上一段的結尾</translation>
    </message>
    <message>
        <source>Play the figure's animation from this frame on, or pause it</source>
        <translation>從這一格起播放圖的動畫，或暫停</translation>
    </message>
    <message>
        <source>On to the end of the next stage</source>
        <translation>前往下一段的結尾</translation>
    </message>
    <message>
        <source>How fast the animation plays</source>
        <translation>動畫播放的速度</translation>
    </message>
    <message>
        <source>Every frame of the figure: drag to any of them</source>
        <translation>圖的每一格：拖到任何一格</translation>
    </message>
    <message>
        <source>Speed:</source>
        <translation>速度：</translation>
    </message>
    <message>
        <source>Load a model and enter a sentence to see its attention as the lecture's figure.</source>
        <translation>載入模型並輸入句子，就能以課堂的圖看它的注意力。</translation>
    </message>
    <message>
        <source>This attention has no tokens to show: enter a sentence.</source>
        <translation>這個注意力沒有可顯示的詞元：請輸入句子。</translation>
    </message>
    <message>
        <source>Stage %1 of %2</source>
        <translation>第 %1 段，共 %2 段</translation>
    </message>
    <message>
        <source>Living diagram · %1</source>
        <translation>活的示意圖 · %1</translation>
    </message>
    <message>
        <source>token i (each strip: its values, one cell per dimension)</source>
        <translation>詞元 i（每一條：它的數值，每一維一格）</translation>
    </message>
    <message>
        <source>key i</source>
        <translation>鍵 i</translation>
    </message>
    <message>
        <source>score α_{1,i}</source>
        <translation>分數 α_{1,i}</translation>
    </message>
    <message>
        <source>weight α̂</source>
        <translation>權重 α̂</translation>
    </message>
    <message>
        <source>dimension of each value vector (one cell each)</source>
        <translation>每個值向量的維度（每一維一格）</translation>
    </message>
    <message>
        <source>key j</source>
        <translation>鍵 j</translation>
    </message>
    <message>
        <source>query i</source>
        <translation>查詢 i</translation>
    </message>
    <message>
        <source>dimension (each head: its own slice)</source>
        <translation>維度（每個頭：各自的一段）</translation>
    </message>
    <message>
        <source>value &gt; 0</source>
        <translation>數值 &gt; 0</translation>
    </message>
    <message>
        <source>value 0</source>
        <translation>數值 0</translation>
    </message>
    <message>
        <source>value &lt; 0</source>
        <translation>數值 &lt; 0</translation>
    </message>
    <message>
        <source>head %1, the selected query</source>
        <translation>第 %1 個頭、選取的查詢</translation>
    </message>
    <message>
        <source>masked: no attention</source>
        <translation>遮罩：不受注意</translation>
    </message>
    <message>
        <source>1. The inputs a^1 … a^n as vectors</source>
        <translation>1. 輸入 a^1 … a^n，每個都是向量</translation>
    </message>
    <message>
        <source>2. q^i = W^q a^i,  k^i = W^k a^i,  v^i = W^v a^i</source>
        <translation>2. q^i = W^q a^i，k^i = W^k a^i，v^i = W^v a^i</translation>
    </message>
    <message>
        <source>3. Scores α_{1,i} = q^1 · k^i / √d</source>
        <translation>3. 分數 α_{1,i} = q^1 · k^i / √d</translation>
    </message>
    <message>
        <source>4. softmax α̂_{1,i} = exp(α_{1,i}) / Σ_j exp(α_{1,j})</source>
        <translation>4. softmax α̂_{1,i} = exp(α_{1,i}) / Σ_j exp(α_{1,j})</translation>
    </message>
    <message>
        <source>5. Weighted sum b^1 = Σ_i α̂_{1,i} v^i</source>
        <translation>5. 加權和 b^1 = Σ_i α̂_{1,i} v^i</translation>
    </message>
    <message>
        <source>6. Matrix form A = Q K^T / √d</source>
        <translation>6. 矩陣形式 A = Q K^T / √d</translation>
    </message>
    <message>
        <source>7. Multi-head: b^1 = W^O [b^{1,1}; …; b^{1,H}]</source>
        <translation>7. 多頭：b^1 = W^O [b^{1,1}; …; b^{1,H}]</translation>
    </message>
    <message>
        <source>%1 · head %2 · query %3 “%4”</source>
        <translation>%1 · 第 %2 個頭 · 查詢 %3「%4」</translation>
    </message>
    <message>
        <source>each token a^i is a vector of %1 numbers: one colour cell per value, ▼ marks the largest</source>
        <translation>每個詞元 a^i 是 %1 個數字組成的向量：每個值一個色格，▼ 標出最大的值</translation>
    </message>
    <message>
        <source>query: %1</source>
        <translation>查詢：%1</translation>
    </message>
    <message>
        <source>+%1 more</source>
        <translation>還有 %1 個</translation>
    </message>
    <message>
        <source>weight α̂_{1,i} (sums to 1)</source>
        <translation>權重 α̂_{1,i}（總和為 1）</translation>
    </message>
    <message>
        <source>0 (masked)</source>
        <translation>0（遮罩）</translation>
    </message>
    <message>
        <source>Σ of the first %1 rows</source>
        <translation>前 %1 列的 Σ</translation>
    </message>
    <message>
        <source>Q (rows q^i) ↓</source>
        <translation>Q（各列 q^i）↓</translation>
    </message>
    <message>
        <source>K^T (columns k^j) →</source>
        <translation>K^T（各行 k^j）→</translation>
    </message>
    <message>
        <source>  (first %1 × %2 of %3 × %4)</source>
        <translation>  （%3 × %4 中的前 %1 × %2）</translation>
    </message>
    <message>
        <source>each head</source>
        <translation>每個頭</translation>
    </message>
    <message>
        <source>× W^O (mixes the heads)</source>
        <translation>× W^O（混合各個頭）</translation>
    </message>
    <message>
        <source>inputs below; their query, key and value above</source>
        <translation>下方是輸入；上方是它的查詢、鍵與值</translation>
    </message>
    <message>
        <source>from the query (top) to the output b (bottom)</source>
        <translation>從查詢（上）到輸出 b（下）</translation>
    </message>
    <message>
        <source>score α</source>
        <translation>分數 α</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>匯出</translation>
    </message>
    <message>
        <source>Export as PNG…</source>
        <translation>匯出為 PNG…</translation>
    </message>
    <message>
        <source>Export as SVG…</source>
        <translation>匯出為 SVG…</translation>
    </message>
    <message>
        <source>Copy Image</source>
        <translation>複製圖片</translation>
    </message>
    <message>
        <source>The frame on show as a figure, with its title, axes and legend</source>
        <translation>把畫面上這一格存成圖：附標題、座標軸與圖例</translation>
    </message>
    <message>
        <source>Click a token's strip to make it the query; Left and Right move the query</source>
        <translation>點一個詞元的色條，讓它成為查詢；左、右方向鍵移動查詢</translation>
    </message>
    <message>
        <source>rows %1–%2, columns %3–%4 of %5 × %6</source>
        <translation>%5 × %6 中的第 %1–%2 列、第 %3–%4 欄</translation>
    </message>
</context>
<context>
    <name>ui::DifferenceSlice</name>
    <message>
        <source>B − A (%1 − %2)</source>
        <translation>B − A（%1 − %2）</translation>
    </message>
    <message>
        <source>each row's top-p keys (p = %1), the others 0</source>
        <translation>每列的 top-p 鍵（p = %1），其餘為 0</translation>
    </message>
    <message>
        <source>%1 has no matrices for %2 (it follows one stack's self-attention): nothing to subtract there.</source>
        <translation>%1 沒有%2的矩陣（它只沿著單一堆疊的自注意力）：那裡沒有可相減的東西。</translation>
    </message>
</context>
</TS>
