<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>NetworkChart</name>
    <message>
        <location filename="../app/views/network_chart.cpp" line="29"/>
        <source>All-Layers PFF</source>
        <translation>全層 PFF（All-Layers）</translation>
    </message>
    <message>
        <location filename="../app/views/network_chart.cpp" line="30"/>
        <source>GPipe BP</source>
        <translation>GPipe BP</translation>
    </message>
    <message>
        <location filename="../app/views/network_chart.cpp" line="31"/>
        <source>Data-parallel BP</source>
        <translation>データ並列 BP</translation>
    </message>
    <message>
        <location filename="../app/views/network_chart.cpp" line="32"/>
        <source>Sequential FF, one host</source>
        <translation>逐次 FF（1 ホスト）</translation>
    </message>
    <message>
        <location filename="../app/views/network_chart.cpp" line="42"/>
        <source>%1 cannot be read</source>
        <translation>%1 を読み込めません</translation>
    </message>
    <message>
        <location filename="../app/views/network_chart.cpp" line="64"/>
        <source>%1 holds no lines of `ffw bench network`</source>
        <translation>%1 には `ffw bench network` の行がありません</translation>
    </message>
    <message>
        <location filename="../app/views/network_chart.cpp" line="74"/>
        <source>Time to %1 % test accuracy against link bandwidth</source>
        <translation>リンク帯域ごとのテスト精度 %1 % 到達時間</translation>
    </message>
    <message>
        <location filename="../app/views/network_chart.cpp" line="91"/>
        <source>Link bandwidth (Mbit/s, log scale)</source>
        <translation>リンク帯域（Mbit/s、対数目盛）</translation>
    </message>
    <message>
        <location filename="../app/views/network_chart.cpp" line="98"/>
        <source>Time to target (s, log scale; lower is better)</source>
        <translation>目標到達時間（秒、対数目盛、低いほど良い）</translation>
    </message>
    <message>
        <location filename="../app/views/network_chart.cpp" line="137"/>
        <source>Sequential FF, one host (%1 s)</source>
        <translation>逐次 FF、1 ホスト（%1 秒）</translation>
    </message>
    <message>
        <location filename="../app/views/network_chart.cpp" line="153"/>
        <source>crossover: %1 Mbit/s</source>
        <translation>交差点：%1 Mbit/s</translation>
    </message>
    <message>
        <location filename="../app/views/network_chart.cpp" line="172"/>
        <source>%1 cannot be written</source>
        <translation>%1 に書き込めません</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="82"/>
        <source>layer 1</source>
        <translation>層 1</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="82"/>
        <source>layers 1–%1</source>
        <translation>層 1–%1</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="48"/>
        <source>L%1 (%2)</source>
        <translation>L%1 (%2)</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="53"/>
        <source>output layer</source>
        <translation>出力層</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="56"/>
        <source>softmax head</source>
        <translation>ソフトマックスヘッド</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="100"/>
        <source>%1 in chapters %2…</source>
        <translation>チャプター %2… で%1</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="101"/>
        <source> (on its own shard)</source>
        <translation>（自ノードのシャードで）</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="108"/>
        <source>%1 on %2 % of every batch</source>
        <translation>各バッチの %2 % で%1</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="110"/>
        <source>%1 on 1/%2 of every batch</source>
        <translation>各バッチの 1/%2 で%1</translation>
    </message>
    <message>
        <location filename="../app/workbench/network_diagram.cpp" line="41"/>
        <source>weights, each stage to the later nodes</source>
        <translation>重み（各ステージを後段のノードへ）</translation>
    </message>
    <message>
        <location filename="../app/workbench/network_diagram.cpp" line="44"/>
        <source>weights, once round the ring</source>
        <translation>重み（リングを1周）</translation>
    </message>
    <message>
        <location filename="../app/workbench/network_diagram.cpp" line="50"/>
        <source>gradients every batch (60,000 samples)</source>
        <translation>バッチごとの勾配（60,000 サンプル）</translation>
    </message>
    <message>
        <location filename="../app/workbench/network_diagram.cpp" line="52"/>
        <source>activations and gradients at every stage boundary</source>
        <translation>ステージ境界ごとの活性と勾配</translation>
    </message>
    <message>
        <location filename="../app/views/plan_chart.cpp" line="38"/>
        <source>Nodes</source>
        <translation>ノード数</translation>
    </message>
    <message>
        <location filename="../app/views/plan_chart.cpp" line="40"/>
        <source>Speed-up</source>
        <translation>速度向上</translation>
    </message>
    <message>
        <location filename="../app/views/plan_chart.cpp" line="77"/>
        <source>linear</source>
        <translation>線形</translation>
    </message>
    <message>
        <location filename="../app/views/plan_chart.cpp" line="91"/>
        <source>%1 measured</source>
        <translation>%1 実測</translation>
    </message>
</context>
<context>
    <name>ffw::app::ChartPanel</name>
    <message>
        <location filename="../app/views/chart_panel.cpp" line="50"/>
        <source>Smoothing: TensorBoard&apos;s debiased exponential moving average; the raw curve stays faint behind</source>
        <translation>平滑化: TensorBoard と同じバイアス補正付き指数移動平均（元の曲線は薄く背後に表示）</translation>
    </message>
    <message>
        <location filename="../app/views/chart_panel.cpp" line="51"/>
        <source>Log scale</source>
        <translation>対数目盛</translation>
    </message>
    <message>
        <location filename="../app/views/chart_panel.cpp" line="53"/>
        <source>Reset zoom</source>
        <translation>ズームをリセット</translation>
    </message>
    <message>
        <location filename="../app/views/chart_panel.cpp" line="55"/>
        <source>Export…</source>
        <translation>書き出し…</translation>
    </message>
    <message>
        <location filename="../app/views/chart_panel.cpp" line="60"/>
        <source>Smoothing</source>
        <translation>平滑化</translation>
    </message>
</context>
<context>
    <name>ffw::app::Charts</name>
    <message>
        <location filename="../app/views/run_chart.cpp" line="37"/>
        <source>Goodness per layer: positive (dark), negative (light), θ (dotted)</source>
        <translation>層別グッドネス: 正例（濃色）、負例（淡色）、θ（点線）</translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="38"/>
        <source>Loss per layer</source>
        <translation>層別の損失</translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="39"/>
        <source>Test accuracy against wall time</source>
        <translation>経過時間に対するテスト精度</translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="41"/>
        <source>Idle fraction per node and theoretical bubble</source>
        <translation>ノード別アイドル率と理論バブル</translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="42"/>
        <source>Utilisation timeline per node</source>
        <translation>ノード別の稼働タイムライン</translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="49"/>
        <source>Goodness</source>
        <translation>グッドネス</translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="50"/>
        <source>Loss</source>
        <translation>損失</translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="52"/>
        <source>Sent (MB)</source>
        <translation>送信量（MB）</translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="54"/>
        <source>Node</source>
        <translation>ノード</translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="91"/>
        <source>network</source>
        <translation>ネットワーク全体</translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="73"/>
        <location filename="../app/views/run_chart.cpp" line="91"/>
        <source>L%1</source>
        <translation>L%1</translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="40"/>
        <source>Bytes sent per link and category</source>
        <translation>リンク・種類別の送信量</translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="53"/>
        <source>Idle %</source>
        <translation>アイドル %</translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="76"/>
        <source>L%1 neg</source>
        <translation>L%1 負例</translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="84"/>
        <source>L%1 θ</source>
        <translation>L%1 θ</translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="96"/>
        <source>softmax head</source>
        <translation>ソフトマックスヘッド</translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="106"/>
        <source>test</source>
        <translation>テスト</translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="108"/>
        <source>validation</source>
        <translation>検証</translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="113"/>
        <source>weights</source>
        <translation>重み</translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="114"/>
        <source>labels</source>
        <translation>ラベル</translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="115"/>
        <source>activations</source>
        <translation>活性</translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="116"/>
        <source>gradients</source>
        <translation>勾配</translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="117"/>
        <source>data</source>
        <translation>データ</translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="118"/>
        <source>control</source>
        <translation>制御</translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="123"/>
        <source>bytes</source>
        <translation>バイト</translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="135"/>
        <source>node %1</source>
        <translation>ノード %1</translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="138"/>
        <source>theoretical bubble</source>
        <translation>理論バブル</translation>
    </message>
    <message>
        <location filename="../app/views/run_chart.cpp" line="166"/>
        <source>Wall time (s)</source>
        <translation>経過時間（秒）</translation>
    </message>
</context>
<context>
    <name>ffw::app::ClassNames</name>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="316"/>
        <source>T-shirt/top</source>
        <translation>Tシャツ/トップ</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="316"/>
        <source>Trouser</source>
        <translation>ズボン</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="317"/>
        <source>Pullover</source>
        <translation>プルオーバー</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="317"/>
        <source>Dress</source>
        <translation>ドレス</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="318"/>
        <source>Coat</source>
        <translation>コート</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="318"/>
        <source>Sandal</source>
        <translation>サンダル</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="319"/>
        <source>Shirt</source>
        <translation>シャツ</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="319"/>
        <source>Sneaker</source>
        <translation>スニーカー</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="320"/>
        <source>Bag</source>
        <translation>バッグ</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="320"/>
        <source>Ankle boot</source>
        <translation>アンクルブーツ</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="321"/>
        <source>airplane</source>
        <translation>飛行機</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="321"/>
        <source>automobile</source>
        <translation>自動車</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="322"/>
        <source>bird</source>
        <translation>鳥</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="322"/>
        <source>cat</source>
        <translation>猫</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="323"/>
        <source>deer</source>
        <translation>鹿</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="323"/>
        <source>dog</source>
        <translation>犬</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="324"/>
        <source>frog</source>
        <translation>カエル</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="324"/>
        <source>horse</source>
        <translation>馬</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="325"/>
        <source>ship</source>
        <translation>船</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="325"/>
        <source>truck</source>
        <translation>トラック</translation>
    </message>
</context>
<context>
    <name>ffw::app::ClusterPage</name>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="122"/>
        <source>In this process (1 node)</source>
        <translation>このプロセス内（1ノード）</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="123"/>
        <source>Local worker processes (shared memory)</source>
        <translation>ローカルのワーカープロセス（共有メモリ）</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="124"/>
        <source>Open MPI ranks (mpirun)</source>
        <translation>Open MPI ランク（mpirun）</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="125"/>
        <source>Network lab (emulated hosts, shaped links)</source>
        <translation>ネットワークラボ（エミュレートしたホスト、帯域を制限したリンク）</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="127"/>
        <source>Open MPI ranks on hosts emulated on this machine (network namespaces), joined by links held to a bandwidth: what the run would do on a slower network. No latency emulation.</source>
        <translation>このマシン上にエミュレートしたホスト（ネットワーク名前空間）で Open MPI のランクを動かし、帯域を制限したリンクでつなぎます。遅いネットワークでの実行を再現します。遅延はエミュレートしません。</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="133"/>
        <source>one per node</source>
        <translation>ノードごとに 1 台</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="138"/>
        <source> Mbit/s</source>
        <translation> Mbit/s</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="139"/>
        <source>unshaped</source>
        <translation>制限なし</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="140"/>
        <source>Every host&apos;s link, shaped in both directions (tbf). 1000 = gigabit Ethernet, 100 = an old office network, 10 = a slow WAN link.</source>
        <translation>各ホストのリンク（双方向に tbf で制限）。1000 = ギガビット Ethernet、100 = 古いオフィスのネットワーク、10 = 遅い WAN 回線。</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="145"/>
        <source>none: every rank on this machine</source>
        <translation>なし: すべてのランクをこのマシンで実行</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="146"/>
        <source>Import hostfile…</source>
        <translation>ホストファイルを読み込む…</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="151"/>
        <source>Node</source>
        <translation>ノード</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="151"/>
        <source>Where</source>
        <translation>場所</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="151"/>
        <source>Slowdown ×</source>
        <translation>減速係数 ×</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="159"/>
        <source>Use the variant&apos;s preset</source>
        <translation>バリアントの既定に戻す</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="160"/>
        <source>Send each layer&apos;s optimizer state with its weights</source>
        <translation>各層の重みと一緒にオプティマイザの状態も送る</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="162"/>
        <source>The next node continues a layer with its Adam moments (or SGD velocity) instead of its own, N chapters old: the same numbers as one node, for 2-3x the bytes on the wire.</source>
        <translation>次のノードは、自分が N チャプター前に持っていたものではなく、送られてきた Adam のモーメント（または SGD の速度）で層の学習を続けます。1 ノードと同じ計算結果になり、通信量は 2〜3 倍です。</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="164"/>
        <source>When a node is lost, the others go on without it</source>
        <translation>ノードが失われても、残りのノードで学習を続ける</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="173"/>
        <location filename="../app/workbench/cluster_page.cpp" line="217"/>
        <location filename="../app/workbench/cluster_page.cpp" line="286"/>
        <source>Launcher</source>
        <translation>起動方法</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="174"/>
        <location filename="../app/workbench/cluster_page.cpp" line="188"/>
        <location filename="../app/workbench/cluster_page.cpp" line="233"/>
        <location filename="../app/workbench/cluster_page.cpp" line="287"/>
        <source>Nodes</source>
        <translation>ノード数</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="179"/>
        <location filename="../app/workbench/cluster_page.cpp" line="247"/>
        <location filename="../app/workbench/cluster_page.cpp" line="285"/>
        <source>Hostfile</source>
        <translation>ホストファイル</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="183"/>
        <source>Hosts</source>
        <translation>ホスト数</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="185"/>
        <location filename="../app/workbench/cluster_page.cpp" line="223"/>
        <source>Link bandwidth</source>
        <translation>リンク帯域</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="187"/>
        <source>Network lab</source>
        <translation>ネットワークラボ</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="193"/>
        <source>Layers on nodes</source>
        <translation>ノードへの層の割り当て</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="220"/>
        <source>Lab hosts</source>
        <translation>ラボのホスト数</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="236"/>
        <source>Move a layer to a node</source>
        <translation>層をノードへ移動</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="237"/>
        <source>Preset mapping</source>
        <translation>既定の割り当て</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="240"/>
        <source>Send optimizer state</source>
        <translation>オプティマイザの状態を送る</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="244"/>
        <source>When a node is lost</source>
        <translation>ノード喪失時の動作</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="270"/>
        <source>✔ every host is ready for this experiment</source>
        <translation>✔ すべてのホストでこの実験を実行できます</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="271"/>
        <source>✘ the pre-flight found problems (exit %1): see the lines above</source>
        <translation>✘ 事前チェックで問題が見つかりました（終了コード %1）: 上の行を確認してください</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="297"/>
        <source>✘ %1 cannot be written</source>
        <translation>✘ %1 に書き込めません</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="337"/>
        <source>rank %1 on lab host %2</source>
        <translation>ラボのホスト %2 のランク %1</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="368"/>
        <source>Your mapping: drag a layer onto a node to move it.</source>
        <translation>独自の割り当て: 層をノードへドラッグすると移動します。</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="369"/>
        <source>The variant&apos;s preset: drag a layer onto a node to move it.</source>
        <translation>バリアントの既定の割り当て: 層をノードへドラッグすると移動します。</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="375"/>
        <source>This variant places the layers by its own rule; Single-Layer PFF and GPipe let you map them.</source>
        <translation>このバリアントは独自の規則で層を配置します。割り当てを変更できるのは Single-Layer PFF と GPipe です。</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="388"/>
        <source>The survivors re-form the ring and go on from the last chapter they all have, redoing the lost chapters themselves; the run records when which node was lost</source>
        <translation>残ったノードがリングを組み直し、全員がそろっている最後のチャプターから続けます。失われたチャプターは残りのノードがやり直し、どのノードがいつ失われたかを実行に記録します</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="390"/>
        <source>Only local workers can go on without a node: Open MPI 4.1 cannot shrink a job, so over Open MPI or the network lab a lost node stops the run (resume it afterwards)</source>
        <translation>ノードなしで続けられるのはローカルワーカーだけです。Open MPI 4.1 はジョブを縮小できないため、Open MPI やネットワークラボではノードが失われると実行が止まります（後で再開してください）</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="250"/>
        <source>Open MPI hostfile</source>
        <translation>Open MPI ホストファイル</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="147"/>
        <source>Check the hosts</source>
        <translation>ホストを確認</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="148"/>
        <source>ffw doctor: on every host of the experiment, ffw-worker&apos;s build, the data files, memory and disk space</source>
        <translation>ffw doctor: 実験の各ホストで ffw-worker のビルド、データファイル、メモリ、ディスク容量を確認します</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="170"/>
        <source>What the hosts check (ffw doctor) finds appears here</source>
        <translation>ホストの確認 (ffw doctor) の結果がここに表示されます</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="263"/>
        <source>Slowdown</source>
        <translation>減速係数</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="338"/>
        <source>rank %1 (hostfile)</source>
        <translation>ランク %1（ホストファイル）</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="339"/>
        <source>rank %1 on this machine</source>
        <translation>このマシンのランク %1</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="340"/>
        <source>worker %1 on this machine</source>
        <translation>このマシンのワーカー %1</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="350"/>
        <source>⚠ %1 nodes on %2 lab hosts and %3 cores: the hosts share cores, so accuracies and bytes are right but times are not those of separate machines.</source>
        <translation>⚠ %2 台のラボホストと %3 コアに %1 ノード：ホストがコアを共有するため、精度とバイト数は正しいものの、時間は別々のマシンのものではありません。</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="353"/>
        <source>Each lab host runs on cores of its own; links are held to the bandwidth in both directions. No latency is emulated.</source>
        <translation>ラボの各ホストは専用のコアで動き、リンクは双方向で指定の帯域に制限されます。遅延はエミュレートしません。</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="356"/>
        <source>⚠ %1 ranks on %2 cores: ranks will share cores (mpirun gets --oversubscribe) and timings will not show real scaling.</source>
        <translation>⚠ %2 コアに %1 ランク: ランクがコアを共有するため（mpirun に --oversubscribe を付加）、計測時間は実際のスケーリングを示しません。</translation>
    </message>
    <message>
        <location filename="../app/workbench/cluster_page.cpp" line="359"/>
        <source>⚠ In-process runs one node; choose local workers or Open MPI for %1 nodes.</source>
        <translation>⚠ プロセス内実行は1ノードのみです。%1 ノードにはローカルワーカーか Open MPI を選んでください。</translation>
    </message>
</context>
<context>
    <name>ffw::app::ComparePage</name>
    <message>
        <location filename="../app/workbench/compare_page.cpp" line="28"/>
        <source>Tick the runs to compare</source>
        <translation>比較する実行にチェックを入れてください</translation>
    </message>
    <message>
        <location filename="../app/workbench/compare_page.cpp" line="36"/>
        <source>Test accuracy against wall time</source>
        <translation>経過時間に対するテスト精度</translation>
    </message>
    <message>
        <location filename="../app/workbench/compare_page.cpp" line="38"/>
        <source>Export table as CSV…</source>
        <translation>表を CSV で書き出す…</translation>
    </message>
    <message>
        <location filename="../app/workbench/compare_page.cpp" line="41"/>
        <source>Runs</source>
        <translation>実行一覧</translation>
    </message>
    <message>
        <location filename="../app/workbench/compare_page.cpp" line="43"/>
        <source>Baseline (speed-up 1×)</source>
        <translation>基準（速度向上 1×）</translation>
    </message>
    <message>
        <location filename="../app/workbench/compare_page.cpp" line="64"/>
        <source>KPI table</source>
        <translation>KPI 表</translation>
    </message>
    <message>
        <location filename="../app/workbench/compare_page.cpp" line="64"/>
        <source>CSV (*.csv)</source>
        <translation>CSV ファイル (*.csv)</translation>
    </message>
    <message>
        <location filename="../app/workbench/compare_page.cpp" line="142"/>
        <source>Tick runs in the list on the left: their test accuracy over time appears here</source>
        <translation>左の一覧で実行にチェックを入れると、そのテスト精度の推移がここに表示されます</translation>
    </message>
</context>
<context>
    <name>ffw::app::DesignerPage</name>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="35"/>
        <source>Layer %1</source>
        <translation>層 %1</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="36"/>
        <source>Add layer</source>
        <translation>層を追加</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="38"/>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="39"/>
        <source>Move up</source>
        <translation>上へ移動</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="40"/>
        <source>Move down</source>
        <translation>下へ移動</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="67"/>
        <source>Edit layers</source>
        <translation>層を編集</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="72"/>
        <source>Layers</source>
        <translation>層</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="80"/>
        <source>Rename</source>
        <translation>名前を変更</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="84"/>
        <source>Sequential FF (1 node)</source>
        <translation>逐次 FF（1ノード）</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="84"/>
        <source>Single-Layer PFF</source>
        <translation>単層 PFF（Single-Layer）</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="84"/>
        <source>All-Layers PFF</source>
        <translation>全層 PFF（All-Layers）</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="84"/>
        <source>Federated PFF</source>
        <translation>連合 PFF（Federated）</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="85"/>
        <source>Backprop (1 node)</source>
        <translation>誤差逆伝播（1ノード）</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="85"/>
        <source>GPipe backprop pipeline</source>
        <translation>GPipe 誤差逆伝播パイプライン</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="85"/>
        <source>Data-parallel backprop</source>
        <translation>データ並列 誤差逆伝播</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="87"/>
        <source>Random (redrawn each chapter)</source>
        <translation>ランダム（チャプターごとに再抽選）</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="87"/>
        <source>Adaptive (hardest wrong label)</source>
        <translation>適応的（最も紛らわしい誤ラベル）</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="87"/>
        <source>Fixed</source>
        <translation>固定</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="87"/>
        <source>None (local heads, backprop)</source>
        <translation>なし（ローカルヘッド、誤差逆伝播）</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="89"/>
        <source>Softmax head</source>
        <translation>ソフトマックスヘッド</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="89"/>
        <source>Goodness over labels</source>
        <translation>ラベル別グッドネス</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="89"/>
        <source>Local heads</source>
        <translation>ローカルヘッド</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="90"/>
        <source>IDX (MNIST, Fashion-MNIST)</source>
        <translation>IDX 形式（MNIST、Fashion-MNIST）</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="90"/>
        <source>CIFAR-10 binary</source>
        <translation>CIFAR-10 バイナリ</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="90"/>
        <source>CSV</source>
        <translation>CSV 形式</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="106"/>
        <location filename="../app/workbench/designer_page.cpp" line="154"/>
        <source>Learning rate</source>
        <translation>学習率</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="110"/>
        <location filename="../app/workbench/designer_page.cpp" line="114"/>
        <source>Data path</source>
        <translation>データのパス</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="111"/>
        <source>Browse…</source>
        <translation>参照…</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="113"/>
        <source>Data directory</source>
        <translation>データディレクトリ</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="122"/>
        <source>The run&apos;s name: its directory in the runs folder is named after it</source>
        <translation>実行の名前です。実行フォルダ内のディレクトリ名になります</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="124"/>
        <source>How the layers are trained on the nodes. Sequential FF: every layer on one node. Single-Layer PFF: each node trains its own layers and hands them on, a pipeline over chapters. All-Layers PFF: every node trains every layer, and the chapters go round the nodes in a ring. Federated PFF: All-Layers where each node keeps its own share of the data. The backprop variants are the baselines, measured with the same instruments</source>
        <translation>各層をノードでどう学習するか。逐次 FF：すべての層を 1 ノードで。Single-Layer PFF：各ノードが自分の層を学習して次へ渡す、チャプター単位のパイプライン。All-Layers PFF：各ノードが全層を学習し、チャプターがリング状にノードを巡る。Federated PFF：各ノードが自分のデータだけを持つ All-Layers。バックプロパゲーションの方式は、同じ計測で比べる基準です</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="129"/>
        <source>Forward-Forward learns to tell positive data (an image with its true label) from negative data (the image with a wrong label). Random: a new wrong label each chapter. Adaptive: the wrong label the network finds most likely (harder examples, usually more accurate, one more forward pass). Fixed: drawn once. None: local heads and backprop</source>
        <translation>Forward-Forward は正例（画像と正しいラベル）と負例（画像と誤ったラベル）を見分けることで学習します。ランダム：チャプターごとに新しい誤ラベル。適応：ネットワークが最もありそうだと考える誤ラベル（難しい例で通常は精度が上がるが、順伝播が 1 回増える）。固定：一度だけ引く。なし：ローカルヘッドとバックプロパゲーション用</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="133"/>
        <source>How the trained network names a class. Softmax head: a small classifier trained on the layers&apos; activity. Goodness over labels: the label whose overlay gives the most goodness (one pass per class). Local heads: each layer has its own</source>
        <translation>学習済みネットワークがクラスを決める方法。ソフトマックスヘッド：各層の活動で学習する小さな分類器。ラベルごとのグッドネス：重ねたときにグッドネスが最大になるラベル（クラスごとに 1 回の順伝播）。ローカルヘッド：各層が自分のヘッドを持つ</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="136"/>
        <source>Passes over the training data in all</source>
        <translation>学習データを通す回数の合計</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="138"/>
        <source>The epochs are split into chapters; in PFF the layers travel between the nodes once per chapter. More chapters: more, smaller exchanges and a shorter pipeline ramp, more bytes on the network. Must divide the epochs</source>
        <translation>エポックはチャプターに分けられ、PFF ではチャプターごとに 1 回、層がノード間を移動します。チャプターを増やすと、交換は多く小さくなり、パイプラインの立ち上がりは短くなり、ネットワーク上のバイト数は増えます。エポック数を割り切れる数にしてください</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="140"/>
        <source>Samples per training step; larger batches use the CPU better (Forward-Forward usually trains with 100)</source>
        <translation>学習 1 ステップあたりのサンプル数。大きいほど CPU を効率よく使えます（Forward-Forward では通常 100）</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="141"/>
        <source>Adam&apos;s step size for every layer (the layer table can give a layer its own)</source>
        <translation>全層に対する Adam のステップ幅（層の表で層ごとに指定できます）</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="142"/>
        <source>Seeds the initial weights, the shuffling and the negative labels: the same seed gives the same run</source>
        <translation>初期重み、シャッフル、負例ラベルのシード。同じシードなら同じ実行になります</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="143"/>
        <source>IDX: the MNIST family (Fashion-MNIST too); CIFAR-10&apos;s binary batches; or CSV with a label column</source>
        <translation>IDX：MNIST 系（Fashion-MNIST を含む）、CIFAR-10 のバイナリバッチ、またはラベル列を持つ CSV</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="144"/>
        <source>The directory with the dataset&apos;s files; with Open MPI on several hosts, every host needs it at this path</source>
        <translation>データセットのファイルがあるディレクトリ。Open MPI で複数ホストを使う場合は、すべてのホストで同じパスに必要です</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="147"/>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="148"/>
        <source>Variant</source>
        <translation>手法</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="149"/>
        <source>Negative data</source>
        <translation>負例データ</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="150"/>
        <source>Classifier</source>
        <translation>分類器</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="151"/>
        <source>Epochs</source>
        <translation>エポック数</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="152"/>
        <source>Chapters</source>
        <translation>チャプター数</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="153"/>
        <source>Batch size</source>
        <translation>バッチサイズ</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="155"/>
        <source>Seed</source>
        <translation>乱数シード</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="156"/>
        <source>Dataset format</source>
        <translation>データセット形式</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="157"/>
        <source>Dataset directory</source>
        <translation>データセットのディレクトリ</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="158"/>
        <source>Algorithm and training</source>
        <translation>アルゴリズムと学習</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="171"/>
        <source>Network</source>
        <translation>ネットワーク</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="190"/>
        <location filename="../app/workbench/designer_page.cpp" line="197"/>
        <source>Change %1</source>
        <translation>%1 を変更</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="257"/>
        <source>✔ The experiment is valid.</source>
        <translation>✔ 実験の設定は有効です。</translation>
    </message>
    <message>
        <location filename="../app/workbench/designer_page.cpp" line="261"/>
        <source>Warning: %1</source>
        <translation>警告: %1</translation>
    </message>
</context>
<context>
    <name>ffw::app::ExperimentDocument</name>
    <message>
        <location filename="../app/models/experiment_document.cpp" line="75"/>
        <source>%1 cannot be opened</source>
        <translation>%1 を開けません</translation>
    </message>
    <message>
        <location filename="../app/models/experiment_document.cpp" line="80"/>
        <source>%1 is not a JSON object</source>
        <translation>%1 は JSON オブジェクトではありません</translation>
    </message>
    <message>
        <location filename="../app/models/experiment_document.cpp" line="96"/>
        <source>%1 cannot be written</source>
        <translation>%1 に書き込めません</translation>
    </message>
</context>
<context>
    <name>ffw::app::KpiTableModel</name>
    <message>
        <location filename="../app/models/kpi.cpp" line="182"/>
        <source>%1 s (%2–%3)</source>
        <translation>%1 秒（%2–%3）</translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="183"/>
        <location filename="../app/models/kpi.cpp" line="187"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="187"/>
        <source>not reached</source>
        <translation>未到達</translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="217"/>
        <source>Run</source>
        <translation>実行</translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="218"/>
        <source>Variant</source>
        <translation>手法</translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="219"/>
        <source>Nodes</source>
        <translation>ノード数</translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="220"/>
        <source>Network</source>
        <translation>ネットワーク</translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="221"/>
        <source>Wall time</source>
        <translation>経過時間</translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="222"/>
        <source>Speed-up</source>
        <translation>速度向上</translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="223"/>
        <source>Efficiency</source>
        <translation>効率</translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="224"/>
        <source>Time to %1 %</source>
        <translation>%1 % 到達時間</translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="225"/>
        <source>Bytes sent</source>
        <translation>送信量</translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="226"/>
        <source>Idle</source>
        <translation>アイドル</translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="227"/>
        <source>Test accuracy</source>
        <translation>テスト精度</translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="228"/>
        <source>Cost</source>
        <translation>コスト</translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="229"/>
        <source>Energy</source>
        <translation>エネルギー</translation>
    </message>
</context>
<context>
    <name>ffw::app::LayerTableModel</name>
    <message>
        <location filename="../app/models/layer_table_model.cpp" line="49"/>
        <location filename="../app/models/layer_table_model.cpp" line="51"/>
        <source>default</source>
        <translation>既定</translation>
    </message>
    <message>
        <location filename="../app/models/layer_table_model.cpp" line="56"/>
        <source>θ: goodness above it means positive (default: the width)</source>
        <translation>θ: グッドネスがこれを超えると正例と判定（既定: 層の幅）</translation>
    </message>
    <message>
        <location filename="../app/models/layer_table_model.cpp" line="94"/>
        <source>Layer %1</source>
        <translation>層 %1</translation>
    </message>
    <message>
        <location filename="../app/models/layer_table_model.cpp" line="96"/>
        <source>Width</source>
        <translation>幅</translation>
    </message>
    <message>
        <location filename="../app/models/layer_table_model.cpp" line="97"/>
        <source>Threshold θ</source>
        <translation>しきい値 θ</translation>
    </message>
    <message>
        <location filename="../app/models/layer_table_model.cpp" line="98"/>
        <source>Learning rate</source>
        <translation>学習率</translation>
    </message>
    <message>
        <location filename="../app/models/layer_table_model.cpp" line="99"/>
        <source>Parameters</source>
        <translation>パラメータ数</translation>
    </message>
</context>
<context>
    <name>ffw::app::MainWindow</name>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="85"/>
        <source>Sweep finished: its %1 runs are on the Compare page</source>
        <translation>スイープが完了しました：%1 件の実行を比較ページに表示しています</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="96"/>
        <source>Designer</source>
        <translation>デザイナー</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="97"/>
        <source>Cluster</source>
        <translation>クラスタ</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="98"/>
        <source>Run</source>
        <translation>実行</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="99"/>
        <source>Runs</source>
        <translation>実行一覧</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="100"/>
        <source>Compare</source>
        <translation>比較</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="101"/>
        <source>Plan</source>
        <translation>計画</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="123"/>
        <location filename="../app/workbench/main_window.cpp" line="134"/>
        <source>Runs folder: %1</source>
        <translation>実行フォルダ: %1</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="133"/>
        <source>Runs folder: %1; a sweep is going on there (Run &gt; Queue / Sweep)</source>
        <translation>実行フォルダ: %1（スイープが進行中です：実行 &gt; キュー / スイープ）</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="138"/>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="139"/>
        <source>&amp;New from quickstart</source>
        <translation>クイックスタートから新規作成(&amp;N)</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="140"/>
        <source>&amp;Open experiment…</source>
        <translation>実験を開く(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="141"/>
        <location filename="../app/workbench/main_window.cpp" line="231"/>
        <source>Open experiment</source>
        <translation>実験を開く</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="141"/>
        <location filename="../app/workbench/main_window.cpp" line="170"/>
        <location filename="../app/workbench/main_window.cpp" line="176"/>
        <source>Experiments (*.json)</source>
        <translation>実験ファイル (*.json)</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="144"/>
        <source>&amp;Examples</source>
        <translation>例(&amp;E)</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="159"/>
        <source>Open &amp;recent</source>
        <translation>最近使ったファイル(&amp;R)</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="166"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="170"/>
        <location filename="../app/workbench/main_window.cpp" line="176"/>
        <source>Save experiment</source>
        <translation>実験を保存</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="171"/>
        <location filename="../app/workbench/main_window.cpp" line="177"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="174"/>
        <source>Save &amp;as…</source>
        <translation>名前を付けて保存(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="181"/>
        <source>Open &amp;run…</source>
        <translation>実行結果を開く(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="182"/>
        <source>Open run directory</source>
        <translation>実行ディレクトリを開く</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="185"/>
        <source>Meeting &amp;report…</source>
        <translation>会議用レポート(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="187"/>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="189"/>
        <source>&amp;Edit</source>
        <translation>編集(&amp;E)</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="190"/>
        <source>&amp;Undo</source>
        <translation>元に戻す(&amp;U)</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="192"/>
        <source>&amp;Redo</source>
        <translation>やり直し(&amp;R)</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="197"/>
        <location filename="../app/workbench/main_window.cpp" line="198"/>
        <source>&amp;Run</source>
        <translation>実行(&amp;R)</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="199"/>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="201"/>
        <source>&amp;Queue / Sweep…</source>
        <translation>キュー / スイープ(&amp;Q)…</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="207"/>
        <source>&amp;Settings</source>
        <translation>設定(&amp;S)</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="208"/>
        <source>&amp;Preferences…</source>
        <translation>環境設定(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="241"/>
        <location filename="../app/workbench/main_window.cpp" line="245"/>
        <source>Open run</source>
        <translation>実行結果を開く</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="241"/>
        <source>A run is in progress; stop it before opening another.</source>
        <translation>実行中です。別の実行を開く前に停止してください。</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="251"/>
        <source>Opened %1 (%2)</source>
        <translation>%1 を開きました（%2）</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="257"/>
        <source>%1%2 — FF Workbench</source>
        <translation>%1%2 — FF ワークベンチ</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="265"/>
        <location filename="../app/workbench/main_window.cpp" line="271"/>
        <source>Export chart</source>
        <translation>グラフを書き出す</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="266"/>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf);;CSV data (*.csv)</source>
        <translation>PNG 画像 (*.png);;SVG 図 (*.svg);;PDF 文書 (*.pdf);;CSV データ (*.csv)</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="271"/>
        <source>Choose a .png, .svg, .pdf or .csv file name</source>
        <translation>.png、.svg、.pdf、.csv のいずれかのファイル名を指定してください</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="273"/>
        <location filename="../app/workbench/main_window.cpp" line="295"/>
        <source>Wrote %1</source>
        <translation>%1 を書き出しました</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="278"/>
        <location filename="../app/workbench/main_window.cpp" line="281"/>
        <location filename="../app/workbench/main_window.cpp" line="294"/>
        <source>Meeting report</source>
        <translation>会議用レポート</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="278"/>
        <source>Open or run something first.</source>
        <translation>先に実行結果を開くか、実行してください。</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="282"/>
        <source>PDF document (*.pdf)</source>
        <translation>PDF 文書 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="300"/>
        <source>Quit</source>
        <translation>終了</translation>
    </message>
    <message>
        <location filename="../app/workbench/main_window.cpp" line="300"/>
        <source>A run is in progress. Stop it and quit? (It can be resumed later.)</source>
        <translation>実行中です。停止して終了しますか？（後で再開できます）</translation>
    </message>
</context>
<context>
    <name>ffw::app::NetworkDiagram</name>
    <message>
        <location filename="../app/workbench/network_diagram.cpp" line="72"/>
        <source>Input
784</source>
        <translation>入力
784</translation>
    </message>
    <message>
        <location filename="../app/workbench/network_diagram.cpp" line="74"/>
        <source>%1 %2
%3</source>
        <translation>%1 %2
%3</translation>
    </message>
    <message>
        <location filename="../app/workbench/network_diagram.cpp" line="74"/>
        <source>Dense</source>
        <translation>全結合</translation>
    </message>
    <message>
        <location filename="../app/workbench/network_diagram.cpp" line="74"/>
        <source>FF</source>
        <translation>FF層</translation>
    </message>
    <message>
        <location filename="../app/workbench/network_diagram.cpp" line="75"/>
        <source>Softmax
10</source>
        <translation>ソフトマックス
10</translation>
    </message>
    <message>
        <location filename="../app/workbench/network_diagram.cpp" line="75"/>
        <source>Softmax head
10</source>
        <translation>ソフトマックス
ヘッド 10</translation>
    </message>
    <message>
        <location filename="../app/workbench/network_diagram.cpp" line="75"/>
        <source>Goodness
over labels</source>
        <translation>ラベル別
グッドネス</translation>
    </message>
    <message>
        <location filename="../app/workbench/network_diagram.cpp" line="75"/>
        <source>Local heads</source>
        <translation>ローカルヘッド</translation>
    </message>
    <message>
        <location filename="../app/workbench/network_diagram.cpp" line="101"/>
        <source>%1 parameters (%2 MB as float32)</source>
        <translation>パラメータ数 %1（float32 で %2 MB）</translation>
    </message>
    <message>
        <location filename="../app/workbench/network_diagram.cpp" line="103"/>
        <source> · per chapter on the wire: %1 MB of %2</source>
        <translation> · 1チャプターあたりの通信量: %1 MB（%2）</translation>
    </message>
    <message>
        <location filename="../app/workbench/network_diagram.cpp" line="104"/>
        <source> · on the wire: %1</source>
        <translation> · 通信: %1</translation>
    </message>
</context>
<context>
    <name>ffw::app::PlanPage</name>
    <message>
        <location filename="../app/workbench/plan_page.cpp" line="43"/>
        <source>Node counts to predict, separated by commas</source>
        <translation>予測するノード数（カンマ区切り）</translation>
    </message>
    <message>
        <location filename="../app/workbench/plan_page.cpp" line="47"/>
        <source> Mbit/s</source>
        <translation> Mbit/s</translation>
    </message>
    <message>
        <location filename="../app/workbench/plan_page.cpp" line="48"/>
        <source>one machine</source>
        <translation>1 台のマシン</translation>
    </message>
    <message>
        <location filename="../app/workbench/plan_page.cpp" line="49"/>
        <source>0: the nodes share this machine (shared memory); else one host per node on links of this rate</source>
        <translation>0: 全ノードがこのマシンを共有（共有メモリ）。それ以外: ノードごとに 1 ホスト、この速度のリンクで接続</translation>
    </message>
    <message>
        <location filename="../app/workbench/plan_page.cpp" line="53"/>
        <source> ms</source>
        <translation> ミリ秒</translation>
    </message>
    <message>
        <location filename="../app/workbench/plan_page.cpp" line="54"/>
        <source>Per message. Not validated: the network lab cannot emulate latency</source>
        <translation>メッセージごと。未検証です（ネットワークラボは遅延をエミュレートできません）</translation>
    </message>
    <message>
        <location filename="../app/workbench/plan_page.cpp" line="57"/>
        <source>Nodes 1, 2, … are this much slower (older machines); node 0 keeps this machine&apos;s speed</source>
        <translation>ノード 1, 2, … がこの倍率だけ遅くなります（古いマシン）。ノード 0 はこのマシンの速度のままです</translation>
    </message>
    <message>
        <location filename="../app/workbench/plan_page.cpp" line="64"/>
        <source>Fastest</source>
        <translation>最速</translation>
    </message>
    <message>
        <location filename="../app/workbench/plan_page.cpp" line="65"/>
        <source>Cheapest</source>
        <translation>最安</translation>
    </message>
    <message>
        <location filename="../app/workbench/plan_page.cpp" line="66"/>
        <source>Place the work for slow nodes</source>
        <translation>遅いノードに合わせて作業を配置</translation>
    </message>
    <message>
        <location filename="../app/workbench/plan_page.cpp" line="68"/>
        <source>Simulate the placements each variant allows and keep the fastest (cluster.placement &quot;auto&quot;)</source>
        <translation>各手法で可能な配置をシミュレーションし、最速のものを採用します（cluster.placement &quot;auto&quot;）</translation>
    </message>
    <message>
        <location filename="../app/workbench/plan_page.cpp" line="69"/>
        <source>No costs yet: probe this machine or open a calibration.</source>
        <translation>コストがまだありません。このマシンを計測するか、キャリブレーションを開いてください。</translation>
    </message>
    <message>
        <location filename="../app/workbench/plan_page.cpp" line="71"/>
        <source>Probe this machine</source>
        <translation>このマシンを計測</translation>
    </message>
    <message>
        <location filename="../app/workbench/plan_page.cpp" line="72"/>
        <source>ffw probe: measures every instruction&apos;s cost at this experiment&apos;s shapes (about 30 s)</source>
        <translation>ffw probe: この実験の形状で各命令のコストを計測します（約 30 秒）</translation>
    </message>
    <message>
        <location filename="../app/workbench/plan_page.cpp" line="73"/>
        <source>Open calibration…</source>
        <translation>キャリブレーションを開く…</translation>
    </message>
    <message>
        <location filename="../app/workbench/plan_page.cpp" line="74"/>
        <source>A calibration file from ffw probe, or a finished run&apos;s directory</source>
        <translation>ffw probe のキャリブレーションファイル、または完了した実行のディレクトリ</translation>
    </message>
    <message>
        <location filename="../app/workbench/plan_page.cpp" line="77"/>
        <location filename="../app/workbench/plan_page.cpp" line="365"/>
        <source>Use this plan</source>
        <translation>この計画を使う</translation>
    </message>
    <message>
        <location filename="../app/workbench/plan_page.cpp" line="78"/>
        <source>Writes the selected row&apos;s variant, nodes and placement into the experiment (undoable)</source>
        <translation>選んだ行の手法・ノード数・配置を実験に書き込みます（元に戻せます）</translation>
    </message>
    <message>
        <location filename="../app/workbench/plan_page.cpp" line="81"/>
        <source>What if</source>
        <translation>もしも</translation>
    </message>
    <message>
        <location filename="../app/workbench/plan_page.cpp" line="83"/>
        <source>Nodes</source>
        <translation>ノード数</translation>
    </message>
    <message>
        <location filename="../app/workbench/plan_page.cpp" line="84"/>
        <source>Network</source>
        <translation>ネットワーク</translation>
    </message>
    <message>
        <location filename="../app/workbench/plan_page.cpp" line="85"/>
        <source>Latency</source>
        <translation>遅延</translation>
    </message>
    <message>
        <location filename="../app/workbench/plan_page.cpp" line="89"/>
        <source>Slow nodes</source>
        <translation>遅いノード</translation>
    </message>
    <message>
        <location filename="../app/workbench/plan_page.cpp" line="90"/>
        <source>Goal</source>
        <translation>目標</translation>
    </message>
    <message>
        <location filename="../app/workbench/plan_page.cpp" line="92"/>
        <source>Costs</source>
        <translation>コスト</translation>
    </message>
    <message>
        <location filename="../app/workbench/plan_page.cpp" line="108"/>
        <source>Speed-up against Sequential FF on one node: predicted (lines), measured (squares)</source>
        <translation>1 ノードの逐次 FF に対する速度向上: 予測（線）、実測（四角）</translation>
    </message>
    <message>
        <location filename="../app/workbench/plan_page.cpp" line="120"/>
        <location filename="../app/workbench/plan_page.cpp" line="328"/>
        <source>Predicted timeline: select a row</source>
        <translation>予測タイムライン: 行を選んでください</translation>
    </message>
    <message>
        <location filename="../app/workbench/plan_page.cpp" line="157"/>
        <source>Open calibration</source>
        <translation>キャリブレーションを開く</translation>
    </message>
    <message>
        <location filename="../app/workbench/plan_page.cpp" line="158"/>
        <source>Calibration or run summary (*.json)</source>
        <translation>キャリブレーションまたは実行サマリー (*.json)</translation>
    </message>
    <message>
        <location filename="../app/workbench/plan_page.cpp" line="172"/>
        <source>ffw probe failed (exit %1): %2</source>
        <translation>ffw probe が失敗しました（終了コード %1）: %2</translation>
    </message>
    <message>
        <location filename="../app/workbench/plan_page.cpp" line="200"/>
        <source>Costs measured on %1 (%2)</source>
        <translation>%1 で計測したコスト（%2）</translation>
    </message>
    <message>
        <location filename="../app/workbench/plan_page.cpp" line="200"/>
        <source>this machine</source>
        <translation>このマシン</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/workbench/plan_page.cpp" line="202"/>
        <source>node speeds measured on %n host(s), used while no slow nodes are set</source>
        <translation>
            <numerusform>%n ホストで計測したノード速度（遅いノードを設定していないときに使用）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/workbench/plan_page.cpp" line="217"/>
        <source>cannot write %1</source>
        <translation>%1 に書き込めません</translation>
    </message>
    <message>
        <location filename="../app/workbench/plan_page.cpp" line="230"/>
        <source>Probing this machine… (about 30 s)</source>
        <translation>このマシンを計測しています…（約 30 秒）</translation>
    </message>
    <message>
        <location filename="../app/workbench/plan_page.cpp" line="276"/>
        <source>Fix the experiment first: %1</source>
        <translation>先に実験を修正してください: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/workbench/plan_page.cpp" line="296"/>
        <source>Recommended (%1): %2 on %n node(s), %3 s predicted, %4× Sequential FF on one node, cost %5, %6 Wh</source>
        <translation>
            <numerusform>推奨（%1）: %2、%n ノード、予測 %3 秒、1 ノードの逐次 FF の %4 倍、コスト %5、%6 Wh</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/workbench/plan_page.cpp" line="304"/>
        <source>No variant can run so.</source>
        <translation>この条件で実行できる手法はありません。</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/workbench/plan_page.cpp" line="345"/>
        <source>Predicted timeline: %1 on %n node(s), %2 s</source>
        <translation>
            <numerusform>予測タイムライン: %1、%n ノード、%2 秒</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ffw::app::PlanTableModel</name>
    <message>
        <location filename="../app/models/plan_table_model.cpp" line="47"/>
        <source>Recommended: %1</source>
        <translation>推奨: %1</translation>
    </message>
    <message>
        <location filename="../app/models/plan_table_model.cpp" line="58"/>
        <source>cannot run: %1</source>
        <translation>実行できません: %1</translation>
    </message>
    <message>
        <location filename="../app/models/plan_table_model.cpp" line="75"/>
        <source>chapters on nodes %1 (preset %2 s)</source>
        <translation>チャプターをノード %1 に（既定配置 %2 秒）</translation>
    </message>
    <message>
        <location filename="../app/models/plan_table_model.cpp" line="76"/>
        <source>stages on nodes %1 (preset %2 s)</source>
        <translation>ステージをノード %1 に（既定配置 %2 秒）</translation>
    </message>
    <message>
        <location filename="../app/models/plan_table_model.cpp" line="77"/>
        <source>batch shares %1 (equal: %2 s)</source>
        <translation>バッチ配分 %1（均等: %2 秒）</translation>
    </message>
    <message>
        <location filename="../app/models/plan_table_model.cpp" line="78"/>
        <source>preset</source>
        <translation>既定配置</translation>
    </message>
    <message>
        <location filename="../app/models/plan_table_model.cpp" line="87"/>
        <source>Variant</source>
        <translation>手法</translation>
    </message>
    <message>
        <location filename="../app/models/plan_table_model.cpp" line="88"/>
        <source>Nodes</source>
        <translation>ノード数</translation>
    </message>
    <message>
        <location filename="../app/models/plan_table_model.cpp" line="89"/>
        <source>Predicted time</source>
        <translation>予測時間</translation>
    </message>
    <message>
        <location filename="../app/models/plan_table_model.cpp" line="90"/>
        <source>Speed-up</source>
        <translation>速度向上</translation>
    </message>
    <message>
        <location filename="../app/models/plan_table_model.cpp" line="91"/>
        <source>Idle</source>
        <translation>アイドル</translation>
    </message>
    <message>
        <location filename="../app/models/plan_table_model.cpp" line="92"/>
        <source>Bytes sent</source>
        <translation>送信量</translation>
    </message>
    <message>
        <location filename="../app/models/plan_table_model.cpp" line="93"/>
        <source>Cost</source>
        <translation>コスト</translation>
    </message>
    <message>
        <location filename="../app/models/plan_table_model.cpp" line="94"/>
        <source>Energy</source>
        <translation>電力量</translation>
    </message>
    <message>
        <location filename="../app/models/plan_table_model.cpp" line="95"/>
        <source>Placement</source>
        <translation>配置</translation>
    </message>
    <message>
        <location filename="../app/models/plan_table_model.cpp" line="159"/>
        <source>one host per node, links of %1 Mbit/s</source>
        <translation>ノードごとに 1 ホスト、%1 Mbit/s のリンク</translation>
    </message>
    <message>
        <location filename="../app/models/plan_table_model.cpp" line="160"/>
        <source>nodes on one machine (shared memory)</source>
        <translation>全ノードが 1 台のマシン上（共有メモリ）</translation>
    </message>
    <message>
        <location filename="../app/models/plan_table_model.cpp" line="161"/>
        <source>, %1 ms per message (not validated)</source>
        <translation>、メッセージごとに %1 ミリ秒（未検証）</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/models/plan_table_model.cpp" line="169"/>
        <source>, %n node(s) %1× slower</source>
        <translation>
            <numerusform>、%n ノードが %1 倍遅い</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ffw::app::PreferencesDialog</name>
    <message>
        <location filename="../app/workbench/preferences.cpp" line="46"/>
        <source>Preferences</source>
        <translation>環境設定</translation>
    </message>
    <message>
        <location filename="../app/workbench/preferences.cpp" line="48"/>
        <source>Follow the system</source>
        <translation>システムに従う</translation>
    </message>
    <message>
        <location filename="../app/workbench/preferences.cpp" line="65"/>
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <location filename="../app/workbench/preferences.cpp" line="66"/>
        <source>A language change applies when the workbench starts again.</source>
        <translation>言語の変更はワークベンチの再起動後に反映されます。</translation>
    </message>
    <message>
        <location filename="../app/workbench/preferences.cpp" line="67"/>
        <source>Runs folder</source>
        <translation>実行フォルダ</translation>
    </message>
    <message>
        <location filename="../app/workbench/preferences.cpp" line="68"/>
        <source>Price per node-hour</source>
        <translation>1ノード1時間あたりの価格</translation>
    </message>
    <message>
        <location filename="../app/workbench/preferences.cpp" line="69"/>
        <source>Watts per node</source>
        <translation>1ノードあたりの消費電力（W）</translation>
    </message>
    <message>
        <location filename="../app/workbench/preferences.cpp" line="70"/>
        <source>Target accuracy</source>
        <translation>目標精度</translation>
    </message>
</context>
<context>
    <name>ffw::app::Report</name>
    <message>
        <location filename="../app/views/export.cpp" line="141"/>
        <source>%1 cannot be written: %2</source>
        <translation>%1 に書き込めません: %2</translation>
    </message>
    <message>
        <location filename="../app/views/export.cpp" line="72"/>
        <location filename="../app/views/meeting_report.cpp" line="313"/>
        <source>%1 cannot be written</source>
        <translation>%1 に書き込めません</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="42"/>
        <source>Scaling outlook (predictions, not measurements)</source>
        <translation>スケーリング見通し（実測ではなく予測）</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="44"/>
        <source>Simulated by the planner from costs measured on this machine (%1), for: %2.</source>
        <translation>このマシンで計測したコスト（%1）からプランナーがシミュレーションした結果です。条件: %2。</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="46"/>
        <source>The same costs predict this report&apos;s run at %1 s; it took %2 s (prediction error %3 %).</source>
        <translation>同じコストでこのレポートの実行を予測すると %1 秒、実測は %2 秒でした（予測誤差 %3 %）。</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="51"/>
        <source>This run could not be predicted with these costs, so the prediction error is not known here.</source>
        <translation>このコストではこの実行を予測できないため、ここでは予測誤差が分かりません。</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="52"/>
        <source>Accuracy is not predicted.</source>
        <translation>精度は予測しません。</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="88"/>
        <source>Recommended (bold): %1 on %2 nodes, %3 s predicted, %4× Sequential FF on one node.</source>
        <translation>推奨（太字）: %1、%2 ノード、予測 %3 秒、1 ノードの逐次 FF の %4 倍。</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="101"/>
        <source>random, redrawn each chapter</source>
        <translation>ランダム（チャプターごとに引き直し）</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="102"/>
        <source>adaptive (hardest wrong label)</source>
        <translation>適応（最も紛らわしい誤ラベル）</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="103"/>
        <source>fixed</source>
        <translation>固定</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="104"/>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="110"/>
        <source>softmax head</source>
        <translation>ソフトマックスヘッド</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="111"/>
        <source>goodness over labels</source>
        <translation>ラベルごとのグッドネス</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="112"/>
        <source>local heads</source>
        <translation>ローカルヘッド</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="116"/>
        <source>on one node</source>
        <translation>1 ノード</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="116"/>
        <source>on %1 nodes</source>
        <translation>%1 ノード</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="121"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="146"/>
        <source>%1 %2 (%3) trained in %4</source>
        <translation>%1 を %2（%3）で %4 かけて学習しました</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="148"/>
        <source> to %1 % test accuracy</source>
        <translation>（テスト精度 %1 %）</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="149"/>
        <location filename="../app/views/meeting_report.cpp" line="165"/>
        <location filename="../app/views/meeting_report.cpp" line="177"/>
        <source>.</source>
        <translation>。</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="153"/>
        <source>%1 %2 (run %3, %4 thread(s) per node: %5)</source>
        <translation>%2 の %1（実行 %3、ノードあたり %4 スレッド：%5）</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="157"/>
        <source>That is %1× faster than %2</source>
        <translation>これは %2 より %1 倍速く</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="158"/>
        <source>That is %1× slower than %2</source>
        <translation>これは %2 より %1 倍遅く</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="161"/>
        <source>, at the same accuracy</source>
        <translation>、精度は同じです</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="162"/>
        <source>, at %1 points lower accuracy</source>
        <translation>、精度は %1 ポイント低くなりました</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="163"/>
        <source>, at %1 points higher accuracy</source>
        <translation>、精度は %1 ポイント高くなりました</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="167"/>
        <source>On this network and these machines, %1 nodes were slower than one: look at the bytes moved and the waiting below, or use fewer nodes.</source>
        <translation>このネットワークとマシンでは %1 ノードの方が 1 ノードより遅くなりました。下の転送量と待ち時間を確認するか、ノード数を減らしてください。</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="172"/>
        <source>No baseline run was given or found. The planner predicts Sequential FF on one node of this machine at %1 (a prediction from the costs measured in %2, not a run)</source>
        <translation>基準となる実行は指定されず、見つかりもしませんでした。プランナーは、このマシンの 1 ノードでの逐次 FF を %1 と予測します（%2 で計測したコストからの予測で、実際の実行ではありません）</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="176"/>
        <source>; the same costs predict this run within %1 %</source>
        <translation>。同じコストによるこの実行の予測誤差は %1 % 以内です</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="178"/>
        <source>Against that prediction, this run was %1× faster (predicted speed-up).</source>
        <translation>その予測と比べると、この実行は %1 倍速くなりました（予測に基づく速度向上）。</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="179"/>
        <source>Against that prediction, this run was %1× slower (predicted).</source>
        <translation>その予測と比べると、この実行は %1 倍遅くなりました（予測に基づく値）。</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="181"/>
        <source>No baseline run was given or found, so this report shows no speed-up: run Sequential FF on one node with the same network, data and epochs on this machine into the same runs folder, or give one with --baseline.</source>
        <translation>基準となる実行が指定されず見つからなかったため、このレポートには速度向上を載せていません。同じネットワーク・データ・エポック数の逐次 FF を 1 ノードでこのマシン上の同じ実行フォルダに実行するか、--baseline で指定してください。</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="186"/>
        <source>It moved %1 MB between the nodes, which waited %2 % of the time on average.</source>
        <translation>ノード間で %1 MB を転送し、ノードは平均して時間の %2 % を待機していました。</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="188"/>
        <source>At %1 per node-hour and %2 W per node it cost %3 and used %4 Wh.</source>
        <translation>1 ノード 1 時間あたり %1、1 ノードあたり %2 W として、コストは %3、電力量は %4 Wh でした。</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="192"/>
        <source>It reached %1 % test accuracy after %2.</source>
        <translation>テスト精度 %1 % に %2 で到達しました。</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="195"/>
        <source>Node %1 emulated a machine %2× slower.</source>
        <translation>ノード %1 は %2 倍遅いマシンを模擬しました。</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="198"/>
        <source>Node %1 was lost at %2; the others went on from chapter %3 without it.</source>
        <translation>ノード %1 は %2 に失われ、残りのノードがチャプター %3 から続行しました。</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="200"/>
        <source>Node %1 was lost at %2; the others went on without it.</source>
        <translation>ノード %1 は %2 に失われ、残りのノードが続行しました。</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="214"/>
        <source>Node %1 waited %2 % of the time: node %3 is the slow machine. Give it less work (cluster.placement &quot;auto&quot; places it by measured speed).</source>
        <translation>ノード %1 は時間の %2 % を待機しました。ノード %3 が遅いマシンです。その仕事を減らしてください（cluster.placement の &quot;auto&quot; が計測した速度で配置します）。</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="218"/>
        <source>Node %1 waited %2 % of the time, mostly while the ring fills and drains: with more chapters (%3 now) the ramp is a smaller share of the run.</source>
        <translation>ノード %1 は時間の %2 % を待機しました。主にリングの立ち上がりと終わりの待ちです。チャプターを増やす（現在 %3）と、その割合は小さくなります。</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="222"/>
        <source>Node %1 waited %2 % of the time: the Plan page predicts what another placement or node count would do.</source>
        <translation>ノード %1 は時間の %2 % を待機しました。計画ページで、別の配置やノード数の効果を予測できます。</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="227"/>
        <source>From 4 nodes on, let the layers travel with their optimizer state (the Cluster page&apos;s option): each node then continues a layer exactly where the last one left it, for 3× the weight bytes.</source>
        <translation>4 ノード以上では、層をオプティマイザ状態とともに送ってください（クラスタページのオプション）。各ノードが前のノードの続きからそのまま層を学習でき、重みの転送量は 3 倍になります。</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="306"/>
        <source>FF Workbench meeting report: %1</source>
        <translation>FF ワークベンチ 会議用レポート: %1</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="335"/>
        <source>Meeting report: %1</source>
        <translation>会議用レポート: %1</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="337"/>
        <source>Run %1 · %2 · %3 on %4 cores (%5)</source>
        <translation>実行 %1 · %2 · %3（%4 コア、%5）</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="349"/>
        <source>predicted by the planner</source>
        <translation>プランナーによる予測</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="362"/>
        <source>Summary</source>
        <translation>概要</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="365"/>
        <source>Recommendations</source>
        <translation>推奨事項</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="369"/>
        <source>Key figures</source>
        <translation>主要指標</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="373"/>
        <source>Speed-up and efficiency against the first row: Sequential FF on one node as the planner predicts it (not a run; no accuracy). Cost at %1 per node-hour, energy at %2 W per node.</source>
        <translation>速度向上と効率は 1 行目に対する値です。1 行目はプランナーが予測した 1 ノードでの逐次 FF です（実際の実行ではなく、精度はありません）。コストは 1 ノード 1 時間あたり %1、電力は 1 ノードあたり %2 W で計算しています。</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="377"/>
        <source>Speed-up and efficiency against the first row, the baseline (%1). Cost at %2 per node-hour, energy at %3 W per node.</source>
        <translation>速度向上と効率は 1 行目の基準（%1）に対する値です。コストは 1 ノード 1 時間あたり %2、電力は 1 ノードあたり %3 W で計算しています。</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="379"/>
        <source>given</source>
        <translation>指定</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="379"/>
        <source>found in the runs folder</source>
        <translation>実行フォルダから検出</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="382"/>
        <source>No baseline: speed-up and efficiency are left out. Cost at %1 per node-hour, energy at %2 W per node.</source>
        <translation>基準なし：速度向上と効率は省略しています。コストは 1 ノード 1 時間あたり %1、電力は 1 ノードあたり %2 W で計算しています。</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="389"/>
        <source>Speed-up</source>
        <translation>速度向上</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="389"/>
        <source>Speed-up (against a prediction)</source>
        <translation>速度向上（予測との比較）</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="404"/>
        <source>Accuracy</source>
        <translation>精度</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="413"/>
        <source>Utilisation timeline</source>
        <translation>稼働タイムライン</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="420"/>
        <source>Chapters %1 and %2 of %3, from %4 to %5:</source>
        <translation>チャプター %1 と %2（全 %3）、%4 から %5 まで：</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="426"/>
        <source>Where the time went</source>
        <translation>時間の内訳</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="435"/>
        <source>Node</source>
        <translation>ノード</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="442"/>
        <source>%1 (lost)</source>
        <translation>%1（喪失）</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="454"/>
        <source>Shares of the run&apos;s %1 on each node&apos;s clock; what is missing from 100 % is time between recorded steps.</source>
        <translation>各ノードの時計で見た実行時間 %1 に対する割合です。100 % に足りない分は記録された処理の間の時間です。</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="457"/>
        <source>Experiment settings</source>
        <translation>実験の設定</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="461"/>
        <source>Variant</source>
        <translation>手法</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="462"/>
        <source>Nodes</source>
        <translation>ノード数</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="463"/>
        <source>Network</source>
        <translation>ネットワーク</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="464"/>
        <source>Layers</source>
        <translation>層</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="465"/>
        <source>Negative data</source>
        <translation>負例データ</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="466"/>
        <source>Classifier</source>
        <translation>分類器</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="467"/>
        <source>Epochs / chapters</source>
        <translation>エポック数 / チャプター数</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="468"/>
        <source>Batch size</source>
        <translation>バッチサイズ</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="469"/>
        <source>Learning rate</source>
        <translation>学習率</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="470"/>
        <source>Seed</source>
        <translation>乱数シード</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="471"/>
        <source>Data</source>
        <translation>データ</translation>
    </message>
    <message>
        <location filename="../app/views/meeting_report.cpp" line="472"/>
        <source>Theoretical bubble</source>
        <translation>理論バブル</translation>
    </message>
</context>
<context>
    <name>ffw::app::RunController</name>
    <message>
        <location filename="../app/workbench/run_controller.cpp" line="42"/>
        <source>ffw was killed</source>
        <translation>ffw が強制終了されました</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_controller.cpp" line="47"/>
        <source>ffw exited with code %1</source>
        <translation>ffw が終了コード %1 で終了しました</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_controller.cpp" line="77"/>
        <source>a run is already in progress</source>
        <translation>すでに実行中です</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_controller.cpp" line="83"/>
        <source>%1 could not be started: %2</source>
        <translation>%1 を起動できませんでした: %2</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_controller.cpp" line="93"/>
        <source>%1 cannot be created</source>
        <translation>%1 を作成できません</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_controller.cpp" line="105"/>
        <source>%1 cannot be written</source>
        <translation>%1 に書き込めません</translation>
    </message>
</context>
<context>
    <name>ffw::app::RunKpi</name>
    <message>
        <location filename="../app/models/kpi.cpp" line="20"/>
        <source>Sequential FF</source>
        <translation>逐次 FF</translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="21"/>
        <source>Single-Layer PFF</source>
        <translation>単層 PFF</translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="22"/>
        <source>All-Layers PFF</source>
        <translation>全層 PFF</translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="23"/>
        <source>Federated PFF</source>
        <translation>連合 PFF</translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="24"/>
        <source>backprop</source>
        <translation>誤差逆伝播</translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="25"/>
        <source>GPipe backprop</source>
        <translation>GPipe 誤差逆伝播</translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="26"/>
        <source>data-parallel backprop</source>
        <translation>データ並列 誤差逆伝播</translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="34"/>
        <source>%1 + optimizer state</source>
        <translation>%1 + オプティマイザ状態</translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="39"/>
        <source>unshaped</source>
        <translation>制限なし</translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="39"/>
        <source>%1 Mbit/s</source>
        <translation>%1 Mbit/s</translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="41"/>
        <source>one process</source>
        <translation>1 プロセス</translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="42"/>
        <source>shared memory</source>
        <translation>共有メモリ</translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="44"/>
        <source>MPI, this machine</source>
        <translation>MPI、このマシン</translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="45"/>
        <source>MPI, hostfile %1</source>
        <translation>MPI、ホストファイル %1</translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="51"/>
        <source>lab: %1 hosts, %2</source>
        <translation>ラボ：ホスト %1 台、%2</translation>
    </message>
    <message>
        <location filename="../app/models/kpi.cpp" line="144"/>
        <source>%1 (%2 seeds, median)</source>
        <translation>%1（シード %2 個の中央値）</translation>
    </message>
</context>
<context>
    <name>ffw::app::RunListModel</name>
    <message>
        <location filename="../app/models/run_list_model.cpp" line="87"/>
        <source>%1 is still running; stop it first</source>
        <translation>%1 は実行中です。先に停止してください</translation>
    </message>
    <message>
        <location filename="../app/models/run_list_model.cpp" line="91"/>
        <source>%1 could not be deleted completely</source>
        <translation>%1 を完全には削除できませんでした</translation>
    </message>
    <message>
        <location filename="../app/models/run_list_model.cpp" line="143"/>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <location filename="../app/models/run_list_model.cpp" line="144"/>
        <source>Variant</source>
        <translation>手法</translation>
    </message>
    <message>
        <location filename="../app/models/run_list_model.cpp" line="145"/>
        <source>Nodes</source>
        <translation>ノード数</translation>
    </message>
    <message>
        <location filename="../app/models/run_list_model.cpp" line="146"/>
        <source>Network</source>
        <translation>ネットワーク</translation>
    </message>
    <message>
        <location filename="../app/models/run_list_model.cpp" line="147"/>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <location filename="../app/models/run_list_model.cpp" line="148"/>
        <source>Test accuracy</source>
        <translation>テスト精度</translation>
    </message>
    <message>
        <location filename="../app/models/run_list_model.cpp" line="149"/>
        <source>Wall time</source>
        <translation>経過時間</translation>
    </message>
    <message>
        <location filename="../app/models/run_list_model.cpp" line="150"/>
        <source>Tags</source>
        <translation>タグ</translation>
    </message>
    <message>
        <location filename="../app/models/run_list_model.cpp" line="151"/>
        <source>Notes</source>
        <translation>メモ</translation>
    </message>
</context>
<context>
    <name>ffw::app::RunPage</name>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="33"/>
        <source>▶ Run</source>
        <translation>▶ 実行</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="34"/>
        <source>■ Stop</source>
        <translation>■ 停止</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="35"/>
        <source>Resume</source>
        <translation>再開</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="36"/>
        <source>Start the designed experiment (through ffw run, with the chosen launcher)</source>
        <translation>設計した実験を開始します（選んだ起動方法で ffw run を使用）</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="37"/>
        <source>Stop gracefully (the last chapter checkpoint is kept), forced after 8 s</source>
        <translation>穏やかに停止します（最後のチャプターのチェックポイントは保持）。8 秒後に強制終了</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="38"/>
        <source>Continue this run from its last checkpoint</source>
        <translation>最後のチェックポイントからこの実行を再開します</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="42"/>
        <source>chapter %v of %m</source>
        <translation>チャプター %v / %m</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="43"/>
        <source>No run yet. Press Run to start the designed experiment.</source>
        <translation>まだ実行していません。「実行」を押すと設計した実験を開始します。</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="73"/>
        <location filename="../app/workbench/run_page.cpp" line="342"/>
        <source>Appears at the first evaluation: rows are the true classes, columns the predicted ones</source>
        <translation>最初の評価で表示されます。行が正解クラス、列が予測クラスです</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="75"/>
        <source>Confusion matrix</source>
        <translation>混同行列</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="84"/>
        <source>Utilisation timeline</source>
        <translation>稼働タイムライン</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="87"/>
        <source>Show the prediction</source>
        <translation>予測を表示</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="88"/>
        <source>The planner&apos;s timeline of this run, from the Plan page&apos;s costs, under each node&apos;s measured lane</source>
        <translation>計画ページのコストから求めたこの実行の予測タイムラインを、各ノードの実測レーンの下に表示します</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="90"/>
        <source>(probe or open costs on the Plan page)</source>
        <translation>（計画ページでコストを計測するか開いてください）</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="100"/>
        <source>The workers&apos; log</source>
        <translation>ワーカーのログ</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="123"/>
        <source>Stopping… (the chapter in progress is abandoned; the last checkpoint is kept)</source>
        <translation>停止しています…（実行中のチャプターは破棄、最後のチェックポイントは保持）</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="134"/>
        <source>Resuming %1…</source>
        <translation>%1 を再開しています…</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="141"/>
        <source>Running: %1</source>
        <translation>実行中: %1</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="150"/>
        <source>✔ Finished: %1, test accuracy %2 %</source>
        <translation>✔ 完了: %1、テスト精度 %2 %</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="153"/>
        <source>Stopped after chapter %1. Resume continues from there.</source>
        <translation>チャプター %1 の後で停止しました。「再開」でそこから続けます。</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="156"/>
        <source>✘ The run failed: %1</source>
        <translation>✘ 実行に失敗しました: %1</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="176"/>
        <source>The experiment has problems; fix them in the Designer first.</source>
        <translation>実験に問題があります。先にデザイナーで修正してください。</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="190"/>
        <source>Starting…</source>
        <translation>開始しています…</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="195"/>
        <source>Opened %1 (%2)</source>
        <translation>%1 を開きました（%2）</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="196"/>
        <source>, test accuracy %1 %</source>
        <translation>、テスト精度 %1 %</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="226"/>
        <source>No prediction: %1</source>
        <translation>予測なし: %1</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="230"/>
        <source>Predicted training time %1 s</source>
        <translation>予測学習時間 %1 秒</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="231"/>
        <source>Show the prediction (%1 s)</source>
        <translation>予測を表示（%1 秒）</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="254"/>
        <source>ETA %1 s</source>
        <translation>残り約 %1 秒</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="261"/>
        <source>node %1 idle %2 %</source>
        <translation>ノード %1 アイドル %2 %</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="261"/>
        <source>node %1 lost</source>
        <translation>ノード %1 喪失</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="271"/>
        <source>Node %1 lost at %2, continuing on 1 node</source>
        <translation>ノード %1 が %2 に失われました。1 ノードで続行します</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="272"/>
        <source>Node %1 lost at %2, continuing on %3 nodes</source>
        <translation>ノード %1 が %2 に失われました。%3 ノードで続行します</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="275"/>
        <source> from chapter %1, nothing redone</source>
        <translation>（チャプター %1 から、やり直しなし）</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="276"/>
        <source> from chapter %1, 1 finished chapter redone</source>
        <translation>（チャプター %1 から、完了済みチャプター 1 個をやり直し）</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="277"/>
        <source> from chapter %1, %2 finished chapters redone</source>
        <translation>（チャプター %1 から、完了済みチャプター %2 個をやり直し）</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="282"/>
        <source>Pipeline utilisation %1 % · %2 · theoretical bubble %3 %</source>
        <translation>パイプライン稼働率 %1 % · %2 · 理論バブル %3 %</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="352"/>
        <source>Test set after chapter %1 of %2 (updates at each evaluation); colour: share of the row</source>
        <translation>チャプター %1 / %2 後のテストセット（評価ごとに更新）。色：行内の割合</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="355"/>
        <source>Test set, the trained network; colour: share of the row (the true class)</source>
        <translation>学習済みネットワークでのテストセット。色：行（正解クラス）内の割合</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="368"/>
        <source>Predicted: %1</source>
        <translation>予測：%1</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="369"/>
        <source>True class: %1</source>
        <translation>正解クラス：%1</translation>
    </message>
    <message>
        <location filename="../app/workbench/run_page.cpp" line="387"/>
        <source>True: %1, predicted: %2
%3 of %4 (%5 % of the row)</source>
        <translation>正解：%1、予測：%2
%4 件中 %3 件（行の %5 %）</translation>
    </message>
</context>
<context>
    <name>ffw::app::RunStore</name>
    <message>
        <location filename="../app/models/run_store.cpp" line="58"/>
        <source>%1 is not a run directory: it has no experiment.json</source>
        <translation>%1 は実行ディレクトリではありません（experiment.json がありません）</translation>
    </message>
    <message>
        <location filename="../app/models/run_store.cpp" line="197"/>
        <source>finished</source>
        <translation>完了</translation>
    </message>
    <message>
        <location filename="../app/models/run_store.cpp" line="198"/>
        <source>failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <location filename="../app/models/run_store.cpp" line="199"/>
        <source>stopped</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../app/models/run_store.cpp" line="200"/>
        <source>running</source>
        <translation>実行中</translation>
    </message>
    <message>
        <location filename="../app/models/run_store.cpp" line="201"/>
        <source>interrupted</source>
        <translation>中断</translation>
    </message>
</context>
<context>
    <name>ffw::app::RunsPage</name>
    <message>
        <location filename="../app/workbench/runs_page.cpp" line="27"/>
        <source>Open</source>
        <translation>開く</translation>
    </message>
    <message>
        <location filename="../app/workbench/runs_page.cpp" line="28"/>
        <source>Delete…</source>
        <translation>削除…</translation>
    </message>
    <message>
        <location filename="../app/workbench/runs_page.cpp" line="29"/>
        <source>Refresh</source>
        <translation>更新</translation>
    </message>
    <message>
        <location filename="../app/workbench/runs_page.cpp" line="30"/>
        <source>Show folder</source>
        <translation>フォルダを表示</translation>
    </message>
    <message>
        <location filename="../app/workbench/runs_page.cpp" line="31"/>
        <source>Double-click Tags or Notes to edit them; they are kept in the run&apos;s notes.json.</source>
        <translation>タグやメモはダブルクリックで編集できます（実行の notes.json に保存されます）。</translation>
    </message>
    <message>
        <location filename="../app/workbench/runs_page.cpp" line="48"/>
        <location filename="../app/workbench/runs_page.cpp" line="52"/>
        <source>Delete run</source>
        <translation>実行を削除</translation>
    </message>
    <message>
        <location filename="../app/workbench/runs_page.cpp" line="48"/>
        <source>Delete %1 and everything in it from disk?</source>
        <translation>%1 とその中身をすべてディスクから削除しますか？</translation>
    </message>
</context>
<context>
    <name>ffw::app::SeedChart</name>
    <message>
        <location filename="../app/views/seed_chart.cpp" line="36"/>
        <source>chapters</source>
        <translation>チャプター数</translation>
    </message>
    <message>
        <location filename="../app/views/seed_chart.cpp" line="37"/>
        <source>epochs</source>
        <translation>エポック数</translation>
    </message>
    <message>
        <location filename="../app/views/seed_chart.cpp" line="38"/>
        <source>batch</source>
        <translation>バッチ</translation>
    </message>
    <message>
        <location filename="../app/views/seed_chart.cpp" line="39"/>
        <source>learning rate</source>
        <translation>学習率</translation>
    </message>
    <message>
        <location filename="../app/views/seed_chart.cpp" line="40"/>
        <source>threads</source>
        <translation>スレッド数</translation>
    </message>
    <message>
        <location filename="../app/views/seed_chart.cpp" line="41"/>
        <source>negatives</source>
        <translation>負例</translation>
    </message>
    <message>
        <location filename="../app/views/seed_chart.cpp" line="42"/>
        <source>classifier</source>
        <translation>分類器</translation>
    </message>
    <message>
        <location filename="../app/views/seed_chart.cpp" line="100"/>
        <source>Wall time (s)</source>
        <translation>経過時間（秒）</translation>
    </message>
    <message>
        <location filename="../app/views/seed_chart.cpp" line="103"/>
        <source>Test accuracy (%)</source>
        <translation>テスト精度（%）</translation>
    </message>
    <message>
        <location filename="../app/views/seed_chart.cpp" line="143"/>
        <source>%1: least to greatest of %2 seeds</source>
        <translation>%1：%2 個のシードの最小〜最大</translation>
    </message>
    <message>
        <location filename="../app/views/seed_chart.cpp" line="155"/>
        <source>%1 (%2 seeds)</source>
        <translation>%1（シード %2 個）</translation>
    </message>
    <message>
        <location filename="../app/views/seed_chart.cpp" line="170"/>
        <source>Median over seeds; the shaded band runs from the least to the greatest seed</source>
        <translation>シードの中央値。網掛けの帯は最小のシードから最大のシードまでの範囲です</translation>
    </message>
</context>
<context>
    <name>ffw::app::StageMap</name>
    <message>
        <location filename="../app/workbench/stage_map.cpp" line="30"/>
        <source>Drag a layer onto a node to train it there</source>
        <translation>層をノードへドラッグすると、そのノードで学習します</translation>
    </message>
    <message>
        <location filename="../app/workbench/stage_map.cpp" line="40"/>
        <source>This variant places the layers by its own rule</source>
        <translation>このバリアントは独自の規則で層を配置します</translation>
    </message>
    <message>
        <location filename="../app/workbench/stage_map.cpp" line="115"/>
        <source>node %1</source>
        <translation>ノード %1</translation>
    </message>
</context>
<context>
    <name>ffw::app::SweepDialog</name>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="64"/>
        <source>Queue / Sweep</source>
        <translation>キュー / スイープ</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="65"/>
        <source>Runs every combination of the values below on the current experiment, one after another, so their times stay comparable. The sweep runs on its own: closing the workbench does not stop it, and the workbench follows or resumes it when it opens again.</source>
        <translation>現在の実験で、下の値のすべての組み合わせを 1 つずつ順に実行します（時間を比較できるように同時には実行しません）。スイープは独立して動くため、ワークベンチを閉じても止まりません。次に開いたときに、その続きを表示するか再開します。</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="70"/>
        <source>The sweep&apos;s name: its runs are NAME-1, NAME-2, … and its state is NAME.sweep-state.json in the runs folder</source>
        <translation>スイープの名前：実行は NAME-1、NAME-2、… となり、状態は実行フォルダの NAME.sweep-state.json に保存されます</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="72"/>
        <source>e.g. 1, 2, 3 (empty: the experiment&apos;s own seed)</source>
        <translation>例：1, 2, 3（空欄なら実験のシード）</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="73"/>
        <source>Every combination runs once per seed; the Compare page shows their median and spread</source>
        <translation>各組み合わせをシードごとに 1 回実行します。比較ページには中央値とばらつきを表示します</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="74"/>
        <source>Also run Sequential FF on one node, the baseline, for every combination</source>
        <translation>各組み合わせについて、基準となる 1 ノードの逐次 FF も実行する</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="76"/>
        <source>Allow more nodes than this machine has cores (for accuracy only: their times compare nothing)</source>
        <translation>このマシンのコア数より多いノードを許可する（精度の確認用。時間は比較になりません）</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="78"/>
        <source>Setting (JSON path)</source>
        <translation>設定（JSON パス）</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="78"/>
        <source>Values, separated by commas</source>
        <translation>値（カンマ区切り）</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="84"/>
        <source>Add a setting</source>
        <translation>設定を追加</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="85"/>
        <source>Remove</source>
        <translation>削除</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="88"/>
        <source>Start sweep</source>
        <translation>スイープを開始</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="89"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="90"/>
        <source>Resume</source>
        <translation>再開</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="91"/>
        <source>Show on the Compare page</source>
        <translation>比較ページに表示</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="95"/>
        <source>#</source>
        <translation>番号</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="95"/>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="95"/>
        <source>Seed</source>
        <translation>シード</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="95"/>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="95"/>
        <source>Progress</source>
        <translation>進捗</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="95"/>
        <source>Test accuracy</source>
        <translation>テスト精度</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="95"/>
        <source>Run</source>
        <translation>実行</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="104"/>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="105"/>
        <source>Seeds</source>
        <translation>シード</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="121"/>
        <source>Values to vary</source>
        <translation>変化させる値</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="172"/>
        <source>Any setting of the experiment, by the JSON path the rulebook names (docs/experiment.md)</source>
        <translation>実験の任意の設定を、ルールブックが示す JSON パスで指定します（docs/experiment.md）</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="213"/>
        <location filename="../app/workbench/sweep_dialog.cpp" line="300"/>
        <source>%1 cannot be written</source>
        <translation>%1 に書き込めません</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="230"/>
        <source>1 run, in %1</source>
        <translation>1 件の実行（保存先 %1）</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="230"/>
        <source>%1 runs, one after another, in %2</source>
        <translation>%1 件の実行を順に 1 つずつ（保存先 %2）</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="231"/>
        <source>the runs folder</source>
        <translation>実行フォルダ</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="276"/>
        <source>%1 could not be started: %2</source>
        <translation>%1 を起動できませんでした: %2</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="290"/>
        <source>%1 cannot be created</source>
        <translation>%1 を作成できません</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="294"/>
        <source>A sweep named %1 is already in this runs folder: give this one another name.</source>
        <translation>この実行フォルダには %1 という名前のスイープがすでにあります。別の名前を付けてください。</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="307"/>
        <source>Starting sweep %1…</source>
        <translation>スイープ %1 を開始しています…</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="315"/>
        <source>The sweep file %1 is gone: this sweep cannot go on.</source>
        <translation>スイープファイル %1 がありません。このスイープは続行できません。</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="323"/>
        <source>Resuming sweep %1…</source>
        <translation>スイープ %1 を再開しています…</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="330"/>
        <source>Stopping… the run in progress keeps its last checkpoint; Resume goes on from there.</source>
        <translation>停止しています… 実行中の実行は最後のチェックポイントを保持し、「再開」でそこから続けます。</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="346"/>
        <source>1 node, %1</source>
        <translation>1 ノード、%1</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="346"/>
        <source>%1 nodes, %2</source>
        <translation>%1 ノード、%2</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="356"/>
        <source>No sweep in this runs folder yet.</source>
        <translation>この実行フォルダにはまだスイープがありません。</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="385"/>
        <source>chapter %1 of %2</source>
        <translation>チャプター %1 / %2</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="385"/>
        <source>starting</source>
        <translation>開始中</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="398"/>
        <source>waiting</source>
        <translation>待機中</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="412"/>
        <source>Sweep %1: %2 of %3 runs finished; run %4 in progress.</source>
        <translation>スイープ %1：%3 件中 %2 件が完了、%4 番目を実行中です。</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="413"/>
        <source>Sweep %1: %2 of %3 runs finished.</source>
        <translation>スイープ %1：%3 件中 %2 件が完了しました。</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="415"/>
        <source>Sweep %1 ended: %2 of %3 runs finished, %4 failed (their logs are in %1.sweep).</source>
        <translation>スイープ %1 が終了しました：%3 件中 %2 件が完了、%4 件が失敗しました（ログは %1.sweep にあります）。</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="416"/>
        <source>Sweep %1 finished: all %2 runs.</source>
        <translation>スイープ %1 が完了しました：全 %2 件。</translation>
    </message>
    <message>
        <location filename="../app/workbench/sweep_dialog.cpp" line="418"/>
        <source>Sweep %1 is not running: %2 of %3 runs finished. Resume goes on from there.</source>
        <translation>スイープ %1 は実行されていません：%3 件中 %2 件が完了しています。「再開」でそこから続けます。</translation>
    </message>
</context>
<context>
    <name>ffw::app::SweepReport</name>
    <message>
        <location filename="../app/views/sweep_report.cpp" line="39"/>
        <source>%1 is not a sweep&apos;s state file (RUNS/NAME.sweep-state.json, written by ffw sweep)</source>
        <translation>%1 はスイープの状態ファイル（ffw sweep が書く RUNS/NAME.sweep-state.json）ではありません</translation>
    </message>
    <message>
        <location filename="../app/views/sweep_report.cpp" line="54"/>
        <source>%1 to %2</source>
        <translation>%1〜%2</translation>
    </message>
    <message>
        <location filename="../app/views/sweep_report.cpp" line="72"/>
        <source>Sweep %1 has no finished run to report on yet</source>
        <translation>スイープ %1 にはまだ完了した実行がなく、レポートを作れません</translation>
    </message>
    <message>
        <location filename="../app/views/sweep_report.cpp" line="92"/>
        <source>FF Workbench sweep report: %1</source>
        <translation>FF ワークベンチ スイープレポート: %1</translation>
    </message>
    <message>
        <location filename="../app/views/sweep_report.cpp" line="99"/>
        <source>%1 cannot be written</source>
        <translation>%1 に書き込めません</translation>
    </message>
    <message>
        <location filename="../app/views/sweep_report.cpp" line="123"/>
        <source>Sweep report: %1</source>
        <translation>スイープレポート: %1</translation>
    </message>
    <message>
        <location filename="../app/views/sweep_report.cpp" line="125"/>
        <source>%1 · %2 on %3 cores (%4)</source>
        <translation>%1 · %2（%3 コア、%4）</translation>
    </message>
    <message>
        <location filename="../app/views/sweep_report.cpp" line="134"/>
        <source>The sweep compared %1 settings, with up to %2 seeds each: %3 runs.</source>
        <translation>このスイープは %1 通りの設定を、それぞれ最大 %2 個のシードで比較しました（計 %3 件の実行）。</translation>
    </message>
    <message>
        <location filename="../app/views/sweep_report.cpp" line="136"/>
        <source>%1 of its %2 runs are here; the figures are over these.</source>
        <translation>全 %2 件のうち %1 件の実行がそろっており、数値はそれらに基づきます。</translation>
    </message>
    <message>
        <location filename="../app/views/sweep_report.cpp" line="138"/>
        <source>%1 (%2 over %3 seeds)</source>
        <translation>%1（%3 個のシードで %2）</translation>
    </message>
    <message>
        <location filename="../app/views/sweep_report.cpp" line="142"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location filename="../app/views/sweep_report.cpp" line="145"/>
        <source>The baseline, %1, trained in %2 to %3 test accuracy.</source>
        <translation>基準の %1 は %2 で学習し、テスト精度は %3 でした。</translation>
    </message>
    <message>
        <location filename="../app/views/sweep_report.cpp" line="151"/>
        <source>%1 trained in %2 to %3 test accuracy</source>
        <translation>%1 は %2 で学習し、テスト精度は %3 でした</translation>
    </message>
    <message>
        <location filename="../app/views/sweep_report.cpp" line="155"/>
        <source>: %1× faster than the baseline</source>
        <translation>。基準より %1 倍速く</translation>
    </message>
    <message>
        <location filename="../app/views/sweep_report.cpp" line="156"/>
        <source>: %1× slower than the baseline</source>
        <translation>。基準より %1 倍遅く</translation>
    </message>
    <message>
        <location filename="../app/views/sweep_report.cpp" line="157"/>
        <source>, at the same median accuracy</source>
        <translation>、精度の中央値は同じです</translation>
    </message>
    <message>
        <location filename="../app/views/sweep_report.cpp" line="158"/>
        <source>, at %1 points lower median accuracy</source>
        <translation>、精度の中央値は %1 ポイント低くなりました</translation>
    </message>
    <message>
        <location filename="../app/views/sweep_report.cpp" line="159"/>
        <source>, at %1 points higher median accuracy</source>
        <translation>、精度の中央値は %1 ポイント高くなりました</translation>
    </message>
    <message>
        <location filename="../app/views/sweep_report.cpp" line="162"/>
        <source>.</source>
        <translation>。</translation>
    </message>
    <message>
        <location filename="../app/views/sweep_report.cpp" line="165"/>
        <source>The sweep ran no Sequential FF on one node, so it shows no speed-up: add it (the Queue / Sweep dialog&apos;s option) to compare against the baseline.</source>
        <translation>このスイープには 1 ノードの逐次 FF が含まれていないため、速度向上は示していません。基準と比較するには、キュー / スイープ画面のオプションで追加してください。</translation>
    </message>
    <message>
        <location filename="../app/views/sweep_report.cpp" line="169"/>
        <source>Fastest within 0.5 points of the baseline&apos;s median accuracy: %1, %2× faster.</source>
        <translation>基準の精度中央値から 0.5 ポイント以内で最速：%1（%2 倍速い）。</translation>
    </message>
    <message>
        <location filename="../app/views/sweep_report.cpp" line="172"/>
        <source>Its times overlap the baseline&apos;s from seed to seed: the difference is within the noise of this machine.</source>
        <translation>シードごとの時間の範囲が基準と重なっており、差はこのマシンのばらつきの範囲内です。</translation>
    </message>
    <message>
        <location filename="../app/views/sweep_report.cpp" line="175"/>
        <source>With fewer than 3 seeds a median is not yet robust: run more seeds before deciding.</source>
        <translation>シードが 3 個未満では中央値はまだ頑健ではありません。判断の前にシードを増やしてください。</translation>
    </message>
    <message>
        <location filename="../app/views/sweep_report.cpp" line="176"/>
        <source>Summary</source>
        <translation>概要</translation>
    </message>
    <message>
        <location filename="../app/views/sweep_report.cpp" line="179"/>
        <source>Recommendations</source>
        <translation>推奨事項</translation>
    </message>
    <message>
        <location filename="../app/views/sweep_report.cpp" line="183"/>
        <source>Key figures</source>
        <translation>主要指標</translation>
    </message>
    <message>
        <location filename="../app/views/sweep_report.cpp" line="185"/>
        <source>Medians over seeds; in brackets, the least and the greatest seed. Speed-up and efficiency against the bold row, Sequential FF on one node.</source>
        <translation>シードの中央値です。括弧内は最小と最大のシードの値です。速度向上と効率は太字の行（1 ノードの逐次 FF）に対する値です。</translation>
    </message>
    <message>
        <location filename="../app/views/sweep_report.cpp" line="187"/>
        <source>Medians over seeds; in brackets, the least and the greatest seed.</source>
        <translation>シードの中央値です。括弧内は最小と最大のシードの値です。</translation>
    </message>
    <message>
        <location filename="../app/views/sweep_report.cpp" line="189"/>
        <source>Cost at %1 per node-hour, energy at %2 W per node.</source>
        <translation>コストは 1 ノード 1 時間あたり %1、電力は 1 ノードあたり %2 W で計算しています。</translation>
    </message>
    <message>
        <location filename="../app/views/sweep_report.cpp" line="191"/>
        <source>Accuracy</source>
        <translation>精度</translation>
    </message>
    <message>
        <location filename="../app/views/sweep_report.cpp" line="220"/>
        <source>Runs of the sweep</source>
        <translation>スイープの実行一覧</translation>
    </message>
    <message>
        <location filename="../app/views/sweep_report.cpp" line="226"/>
        <source>Run</source>
        <translation>実行</translation>
    </message>
    <message>
        <location filename="../app/views/sweep_report.cpp" line="226"/>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <location filename="../app/views/sweep_report.cpp" line="226"/>
        <source>Seed</source>
        <translation>シード</translation>
    </message>
    <message>
        <location filename="../app/views/sweep_report.cpp" line="226"/>
        <source>Wall time</source>
        <translation>経過時間</translation>
    </message>
    <message>
        <location filename="../app/views/sweep_report.cpp" line="227"/>
        <source>Test accuracy</source>
        <translation>テスト精度</translation>
    </message>
</context>
<context>
    <name>ffw::app::Timeline</name>
    <message>
        <location filename="../app/views/timeline_view.cpp" line="33"/>
        <source>train</source>
        <translation>学習</translation>
    </message>
    <message>
        <location filename="../app/views/timeline_view.cpp" line="34"/>
        <source>re-forward</source>
        <translation>再順伝播</translation>
    </message>
    <message>
        <location filename="../app/views/timeline_view.cpp" line="35"/>
        <source>negatives</source>
        <translation>負例生成</translation>
    </message>
    <message>
        <location filename="../app/views/timeline_view.cpp" line="36"/>
        <source>evaluate</source>
        <translation>評価</translation>
    </message>
    <message>
        <location filename="../app/views/timeline_view.cpp" line="37"/>
        <source>send</source>
        <translation>送信</translation>
    </message>
    <message>
        <location filename="../app/views/timeline_view.cpp" line="38"/>
        <source>wait</source>
        <translation>待機</translation>
    </message>
    <message>
        <location filename="../app/views/timeline_view.cpp" line="39"/>
        <source>idle</source>
        <translation>アイドル</translation>
    </message>
    <message>
        <location filename="../app/views/timeline_view.cpp" line="40"/>
        <source>lost</source>
        <translation>喪失</translation>
    </message>
    <message>
        <location filename="../app/views/timeline_view.cpp" line="52"/>
        <source>predicted</source>
        <translation>予測</translation>
    </message>
    <message>
        <location filename="../app/views/timeline_view.cpp" line="67"/>
        <source>node %1</source>
        <translation>ノード %1</translation>
    </message>
</context>
<context>
    <name>ffw::app::TimelineView</name>
    <message>
        <location filename="../app/views/timeline_view.cpp" line="139"/>
        <source>Wheel: zoom, drag: pan, double click: show all</source>
        <translation>ホイール: ズーム、ドラッグ: 移動、ダブルクリック: 全体表示</translation>
    </message>
    <message>
        <location filename="../app/views/timeline_view.cpp" line="228"/>
        <source>node %1: %2, chapter %3, %4 ms</source>
        <translation>ノード %1: %2、チャプター %3、%4 ミリ秒</translation>
    </message>
    <message>
        <location filename="../app/views/timeline_view.cpp" line="230"/>
        <source>, layer %1</source>
        <translation>、層 %1</translation>
    </message>
    <message>
        <location filename="../app/views/timeline_view.cpp" line="231"/>
        <source>, %1 kB to/from node %2</source>
        <translation>、ノード %2 と %1 kB</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/workbench/main.cpp" line="34"/>
        <source>FF Workbench: distributed Forward-Forward training</source>
        <translation>FF ワークベンチ: 分散 Forward-Forward 学習</translation>
    </message>
    <message>
        <location filename="../app/workbench/main.cpp" line="37"/>
        <source>Open EXPERIMENT and start it at once.</source>
        <translation>EXPERIMENT を開いてすぐに実行します。</translation>
    </message>
    <message>
        <location filename="../app/workbench/main.cpp" line="39"/>
        <source>Open the run directory DIR.</source>
        <translation>実行ディレクトリ DIR を開きます。</translation>
    </message>
    <message>
        <location filename="../app/workbench/main.cpp" line="41"/>
        <source>Runs folder (default: Preferences).</source>
        <translation>実行フォルダ（既定: 環境設定）。</translation>
    </message>
    <message>
        <location filename="../app/workbench/main.cpp" line="44"/>
        <source>Save a screenshot of the window to FILE and quit (docs, checks).</source>
        <translation>ウィンドウのスクリーンショットを FILE に保存して終了します（ドキュメント、確認用）。</translation>
    </message>
    <message>
        <location filename="../app/workbench/main.cpp" line="46"/>
        <source>Milliseconds before the screenshot (default 3000).</source>
        <translation>スクリーンショットまでのミリ秒（既定 3000）。</translation>
    </message>
    <message>
        <location filename="../app/workbench/main.cpp" line="48"/>
        <source>Page to show first (0-5).</source>
        <translation>最初に表示するページ（0-5）。</translation>
    </message>
    <message>
        <location filename="../app/workbench/main.cpp" line="50"/>
        <source>Costs for the Plan page: a calibration file from ffw probe, or a run directory.</source>
        <translation>計画ページのコスト: ffw probe のキャリブレーションファイル、または実行ディレクトリ。</translation>
    </message>
    <message>
        <location filename="../app/workbench/main.cpp" line="53"/>
        <source>Overlay the predicted timeline on the Run page (needs --calibration).</source>
        <translation>実行ページに予測タイムラインを重ねて表示します（--calibration が必要）。</translation>
    </message>
    <message>
        <location filename="../app/workbench/main.cpp" line="55"/>
        <source>Open Run &gt; Queue / Sweep (a screenshot then shows it).</source>
        <translation>実行 &gt; キュー / スイープ を開きます（スクリーンショットはその画面になります）。</translation>
    </message>
    <message>
        <location filename="../app/workbench/main.cpp" line="57"/>
        <source>Show the runs folder&apos;s newest sweep on the Compare page.</source>
        <translation>実行フォルダの最新のスイープを比較ページに表示します。</translation>
    </message>
    <message>
        <location filename="../app/workbench/main.cpp" line="60"/>
        <source>Experiment to open</source>
        <translation>開く実験</translation>
    </message>
</context>
</TS>
