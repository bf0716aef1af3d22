#!/usr/bin/env node
// Writes the demo datasets under prisma/demo/ (committed; `npm run db:seed` loads them).
// All text is written for PromptPool; rows are combined deterministically from the phrases below.
// Each dataset folder: dataset.json (name, subset, description, citation, license, features) and
// one <split>.jsonl per split, one row per line in Hugging Face shape. Rows are written as JSON
// text by hand where a float must keep its ".0" (Python prints 3.0, JSON.stringify prints 3).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "prisma", "demo");
const classLabel = (names) => ({ names, _type: "ClassLabel" });
const value = (dtype) => ({ dtype, _type: "Value" });
const J = JSON.stringify;

function writeDataset(dir, meta, splits) {
  const folder = path.join(root, dir);
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, "dataset.json"), JSON.stringify(meta, null, 2) + "\n");
  for (const [split, lines] of Object.entries(splits)) {
    writeFileSync(path.join(folder, `${split}.jsonl`), lines.join("\n") + "\n");
  }
}

// 1. Topic classification with a ClassLabel.
{
  const topics = ["world", "sports", "business", "science"];
  const phrases = {
    world: [
      ["Coastal towns in the north", "prepare shelters as a storm approaches", "officials asked residents to stay indoors"],
      ["Delegates from twelve countries", "sign a river-sharing agreement", "the treaty takes effect next spring"],
      ["The island's parliament", "votes to extend ferry subsidies", "opposition members walked out before the vote"],
      ["Volunteers at the border crossing", "hand out water during the heat wave", "temperatures passed forty degrees"],
      ["A new embassy", "opens in the capital after decades", "both governments called it a turning point"],
      ["Election observers", "report long queues but calm streets", "results are expected on Monday"],
      ["Farmers in the valley", "return home after the floods recede", "aid groups are rebuilding two bridges"],
      ["The foreign minister", "cancels a summit trip at short notice", "no reason was given by her office"],
      ["Residents of the old quarter", "protest against rising rents", "the city promised a review of the rules"],
      ["Rescue teams", "reach a village cut off by landslides", "a helicopter carried supplies overnight"],
      ["A long-closed rail line", "reopens between the two capitals", "tickets sold out within hours"],
    ],
    sports: [
      ["The home side", "wins the cup final on penalties", "their keeper saved two shots"],
      ["A nineteen-year-old sprinter", "breaks the national record", "she finished in 11.02 seconds"],
      ["The cycling team", "loses its leader to a crash on the descent", "doctors say the injury is minor"],
      ["Chess champions", "draw a marathon game after seven hours", "the tie-break is on Sunday"],
      ["The rowing club", "celebrates its first title in forty years", "the crew trained on a frozen lake"],
      ["A veteran striker", "announces retirement after twenty seasons", "fans applauded for ten minutes"],
      ["The basketball league", "adds two expansion teams", "both will play their first games in autumn"],
      ["Marathon organisers", "move the start earlier because of heat", "runners welcomed the change"],
      ["The women's hockey team", "qualifies for the world championship", "they won all five group games"],
      ["A tennis qualifier", "reaches the quarter-finals", "it is her first tournament on clay"],
      ["The sailing regatta", "is postponed for lack of wind", "racing resumes tomorrow morning"],
    ],
    business: [
      ["A regional bakery chain", "opens its fiftieth shop", "the company plans to hire two hundred people"],
      ["Shares in the shipping firm", "fall after a weak forecast", "fuel costs rose faster than expected"],
      ["The central bank", "holds interest rates steady", "inflation slowed for a third month"],
      ["A small software company", "is bought by a larger rival", "the price was not disclosed"],
      ["Coffee prices", "reach a ten-year high", "drought hit the main growing regions"],
      ["The car maker", "recalls thirty thousand vehicles", "a faulty sensor can switch off the lights"],
      ["A family-owned brewery", "celebrates its centenary with a new beer", "sales grew by eight percent"],
      ["Workers at the port", "agree a new wage deal", "the strike planned for Friday is off"],
      ["The airline", "reports record summer bookings", "it will add routes to three islands"],
      ["A furniture start-up", "raises funds to open a factory", "investors include a pension fund"],
      ["Retail sales", "rise more than analysts expected", "online orders made up a third of the total"],
    ],
    science: [
      ["Astronomers", "spot a comet that will be visible in March", "binoculars will be enough to see it"],
      ["A team of biologists", "finds a new species of frog", "it lives only on one mountain"],
      ["The space agency", "tests a reusable rocket engine", "the burn lasted four minutes"],
      ["Researchers", "map the currents beneath an ice shelf", "the data came from a robot submarine"],
      ["A museum's fossil", "turns out to be a new dinosaur", "it was stored in a drawer for sixty years"],
      ["Chemists", "make a battery from seawater salts", "it kept its charge for a thousand cycles"],
      ["Doctors", "report progress on a malaria vaccine", "the trial involved four thousand children"],
      ["Physicists", "measure gravity with a tiny pendulum", "the weight was smaller than a grain of sand"],
      ["A weather satellite", "sends its first images of the storm season", "the pictures are sharper than before"],
      ["Ecologists", "count more bees in city gardens", "wildflower strips helped the most"],
      ["Geologists", "warn of movement under the volcano", "no eruption is expected this year"],
    ],
  };
  const row = (topic, i) => {
    const [who, what, detail] = phrases[topic][i];
    return J({ text: `${who} ${what}. ${detail[0].toUpperCase()}${detail.slice(1)}.`, label: topics.indexOf(topic) });
  };
  const train = [];
  const test = [];
  for (let i = 0; i < 11; i++) {
    for (const topic of topics) (i < 8 ? train : test).push(row(topic, i));
  }
  writeDataset(
    "newsroom_topics",
    {
      name: "newsroom_topics",
      subset: null,
      description: "Short invented news items, each labelled with one of four topics. Written for PromptPool's demo.",
      citation: "@misc{promptpool_newsroom_topics,\n  title={Newsroom topics (PromptPool demo data)},\n  year={2026}\n}",
      license: "cc0-1.0",
      features: { text: value("string"), label: classLabel(topics) },
    },
    { train, test },
  );
}

// 2. Textual entailment, with label -1 (unknown) in the test split.
{
  const scenes = [
    ["A man is carrying a ladder across a wet street.", "A man is outside.", "The man is a painter on his way to work.", "The man is asleep in bed."],
    ["Two children are building a sandcastle near the water.", "Kids are at a beach.", "The children are brother and sister.", "The children are skiing down a slope."],
    ["A woman in a red coat is reading on a crowded train.", "A woman is reading.", "The woman is reading a novel.", "The woman is alone on an empty train."],
    ["A dog jumps to catch a frisbee in the park.", "An animal is playing.", "The dog belongs to a family of four.", "The dog is sleeping under a table."],
    ["An old man is feeding pigeons on a bench.", "Someone is feeding birds.", "The man comes here every morning.", "The man is swimming in a lake."],
    ["A chef is slicing onions in a busy kitchen.", "A person is preparing food.", "The chef works at a famous restaurant.", "The kitchen is empty and dark."],
    ["Three cyclists ride up a steep mountain road.", "People are riding bicycles.", "The cyclists are training for a race.", "The cyclists are driving a bus."],
    ["A girl plays the violin on a street corner.", "A girl is making music.", "The girl is a music student.", "The girl is playing the drums."],
    ["Workers are repairing the roof of a church.", "People are working on a building.", "The repairs will take a month.", "The workers are on vacation at sea."],
    ["A boy is flying a kite on a windy hill.", "A child is outdoors.", "The kite was a birthday present.", "There is no wind at all."],
    ["Two women are laughing at a café table.", "People are at a café.", "The women are old friends.", "The women are crying at a funeral."],
    ["A firefighter climbs a ladder to a window.", "Someone is climbing.", "The firefighter is rescuing a cat.", "The firefighter is sitting in the station."],
    ["A crowd watches fireworks over the river.", "People are watching a display.", "It is New Year's Eve.", "The sky is empty and quiet."],
    ["A farmer drives a tractor through a muddy field.", "A vehicle is in a field.", "The farmer is planting wheat.", "The farmer is flying a plane."],
    ["A student writes equations on a whiteboard.", "Someone is writing.", "The student is preparing for an exam.", "The whiteboard is blank."],
    ["A baker takes bread out of a stone oven.", "Bread has been baked.", "The bakery opens at six.", "The oven has never been used."],
  ];
  const labels = ["entailment", "neutral", "contradiction"];
  const lines = (from, to, unknownLabel) => {
    const out = [];
    for (let s = from; s < to; s++) {
      const [premise, ...hyps] = scenes[s];
      hyps.forEach((hypothesis, l) => out.push(J({ premise, hypothesis, label: unknownLabel ? -1 : l })));
    }
    return out;
  };
  writeDataset(
    "pocket_entailment",
    {
      name: "pocket_entailment",
      subset: null,
      description: "Premise/hypothesis pairs labelled entailment, neutral or contradiction. Test labels are hidden (-1), as in many benchmarks. Written for PromptPool's demo.",
      citation: "@misc{promptpool_pocket_entailment,\n  title={Pocket entailment (PromptPool demo data)},\n  year={2026}\n}",
      license: "cc0-1.0",
      features: { premise: value("string"), hypothesis: value("string"), label: classLabel(labels) },
    },
    { train: lines(0, 10, false), validation: lines(10, 13, false), test: lines(13, 16, true) },
  );
}

// 3. Extractive QA with SQuAD-like answers {text: [...], answer_start: [...]}.
{
  const articles = [
    ["Harbor_Lighthouse", "The harbor lighthouse was built in 1868 from granite brought by barge from the northern quarries. Its lamp was first lit with whale oil and later with kerosene. Since 1952 the light has been electric, and it can be seen from 22 nautical miles away.",
      [["When was the harbor lighthouse built?", ["1868"]], ["What was the lighthouse built from?", ["granite"]], ["What fuel did the lamp use first?", ["whale oil"]], ["How far away can the light be seen?", ["22 nautical miles", "22 nautical miles away"]]]],
    ["Fish_Market", "The fish market opens at four in the morning, before the restaurants' buyers arrive. Most of the catch is cod and herring, sold at auction in the main hall. A smaller hall, added in 1990, sells shellfish to the public on weekends.",
      [["At what time does the fish market open?", ["four in the morning"]], ["Which fish make up most of the catch?", ["cod and herring"]], ["When was the smaller hall added?", ["1990"]], ["What does the smaller hall sell?", ["shellfish"]]]],
    ["Ferry_Service", "A ferry has linked the harbor and the island since 1921. The current ship, the Marta, carries 400 passengers and 60 cars. Crossings take 35 minutes in calm weather, and the last ferry leaves the island at 11 pm.",
      [["Since when has a ferry linked the harbor and the island?", ["1921"]], ["What is the current ship called?", ["the Marta", "Marta"]], ["How long does a crossing take in calm weather?", ["35 minutes"]], ["When does the last ferry leave the island?", ["11 pm", "at 11 pm"]]]],
    ["Sea_Wall", "After the storm of 1953 flooded the lower town, the council built a sea wall four meters high. The wall was raised by another meter in 2010. A walkway along its top is now the town's most popular place for evening walks.",
      [["Which storm flooded the lower town?", ["the storm of 1953"]], ["How high was the sea wall first built?", ["four meters", "four meters high"]], ["When was the wall raised?", ["2010", "in 2010"]], ["What is on top of the wall?", ["A walkway"]]]],
    ["Shipyard", "The shipyard employed 3,000 people at its peak in the 1960s. It built tankers, ferries and, for a short time, submarines. Today a museum in the old drawing office tells the yard's story, and the slipways host a summer festival.",
      [["How many people did the shipyard employ at its peak?", ["3,000", "3,000 people"]], ["What did the shipyard build for a short time?", ["submarines"]], ["Where is the museum?", ["in the old drawing office", "the old drawing office"]], ["What do the slipways host?", ["a summer festival"]]]],
    ["Harbor_Seals", "A colony of about 80 harbor seals lives on the sandbanks east of the harbor. The seals give birth in June and July. Boat trips are allowed to approach no closer than 100 meters during the pupping season.",
      [["How many seals live in the colony?", ["about 80", "80"]], ["Where do the seals live?", ["on the sandbanks east of the harbor", "the sandbanks east of the harbor"]], ["When do the seals give birth?", ["in June and July", "June and July"]], ["How close may boats approach during pupping season?", ["100 meters", "no closer than 100 meters"]]]],
    ["Customs_House", "The customs house on the quay dates from 1791 and is the oldest building in the harbor. Its clock tower was added in 1830. The building now houses the harbor master's office and a small library about navigation.",
      [["When does the customs house date from?", ["1791"]], ["When was the clock tower added?", ["1830", "in 1830"]], ["What does the building house now?", ["the harbor master's office and a small library about navigation"]], ["What is the library about?", ["navigation"]]]],
    ["Regatta", "The harbor regatta has been held every August since 1899. Around 150 boats take part, from dinghies to old fishing smacks. The race for rowing gigs, added in 1975, is the most watched event.",
      [["How long has the regatta been held?", ["since 1899"]], ["How many boats take part?", ["Around 150", "150"]], ["Which race is the most watched event?", ["The race for rowing gigs", "rowing gigs"]], ["When was the gig race added?", ["1975", "in 1975"]]]],
  ];
  const rows = [];
  let n = 0;
  for (const [title, context, qas] of articles) {
    for (const [question, answers] of qas) {
      const answer_start = answers.map((a) => {
        const at = context.indexOf(a);
        if (at < 0) throw new Error(`answer "${a}" not in context of ${title}`);
        return at;
      });
      n += 1;
      rows.push(J({ id: `hq-${String(n).padStart(4, "0")}`, title, context, question, answers: { text: answers, answer_start } }));
    }
  }
  writeDataset(
    "harbor_qa",
    {
      name: "harbor_qa",
      subset: null,
      description: "Reading comprehension about an invented harbor town: answers are spans of the context, SQuAD style. Written for PromptPool's demo.",
      citation: "@misc{promptpool_harbor_qa,\n  title={Harbor QA (PromptPool demo data)},\n  year={2026}\n}",
      license: "cc0-1.0",
      features: {
        id: value("string"),
        title: value("string"),
        context: value("string"),
        question: value("string"),
        answers: { feature: { text: value("string"), answer_start: value("int32") }, _type: "Sequence" },
      },
    },
    { train: rows.slice(0, 24), validation: rows.slice(24) },
  );
}

// 4. Summarization (with a subset name, like Hugging Face configs).
{
  const notes = [
    ["library", "The town library will close for two weeks in July while the heating system is replaced", "Books due during the closure can be returned to the drop box at the town hall", "The children's reading club will meet in the community center instead"],
    ["market", "The Saturday market moves from the square to the harbor front from next month", "The square is being repaved and will reopen in October", "Stall holders keep their usual numbers and opening times"],
    ["bus", "Bus line 4 will run every fifteen minutes instead of every half hour", "The change follows a survey in which most riders asked for more frequent service", "Two new stops are planned near the hospital"],
    ["pool", "The outdoor pool opens for the season on the first of June", "Entry is free for children under six", "Evening swims on Thursdays return after a one-year break"],
    ["recycling", "Glass collection changes from weekly to every two weeks", "The council says most bins were less than half full", "Residents can ask for a second bin without charge"],
    ["festival", "The harbor festival will add a second stage for local bands", "Last year's festival drew twelve thousand visitors", "Volunteers can sign up at the tourist office"],
    ["school", "The primary school on Hill Road will get a new playground", "Parents raised half of the cost through a summer fair", "Work starts during the autumn holiday"],
    ["trees", "Forty new trees will be planted along the river path", "The species were chosen to cope with dry summers", "Neighbors are invited to help on the planting day in November"],
    ["parking", "Parking on Mill Street becomes residents-only at night", "Late-night noise was the main complaint at the last meeting", "Visitors can use the harbor car park, which stays free"],
    ["clinic", "The health clinic extends its opening hours to eight in the evening", "Two more nurses have been hired", "Appointments can now be booked online"],
    ["bridge", "The footbridge over the canal reopens after repairs", "Cracks were found in the supports during an inspection in spring", "Cyclists must walk their bikes across for safety"],
    ["museum", "The maritime museum shows a new exhibition about shipwrecks", "Many objects were lent by divers from the town", "The exhibition runs until the end of the year"],
    ["choir", "The town choir is looking for new tenors and basses", "Rehearsals are on Tuesday evenings in the old school", "No experience is needed"],
    ["ferry", "Ferry tickets will cost ten percent more from January", "The operator blames higher fuel prices", "Season tickets keep their current price"],
    ["beach", "Dogs will be allowed on the south beach outside the summer months", "The rule was tested last winter without problems", "Owners must keep dogs on a lead near the dunes"],
  ];
  const summaries = {
    library: "The library closes for two weeks in July for heating work.",
    market: "The Saturday market moves to the harbor front while the square is repaved.",
    bus: "Bus line 4 will run every fifteen minutes after riders asked for more service.",
    pool: "The outdoor pool opens on 1 June, free for under-sixes.",
    recycling: "Glass will be collected every two weeks instead of weekly.",
    festival: "The harbor festival adds a second stage for local bands.",
    school: "The Hill Road school gets a new playground, half paid for by parents.",
    trees: "Forty drought-tolerant trees will be planted along the river path.",
    parking: "Mill Street parking becomes residents-only at night.",
    clinic: "The health clinic will stay open until 8 pm.",
    bridge: "The canal footbridge reopens after repairs.",
    museum: "The maritime museum opens an exhibition about shipwrecks.",
    choir: "The town choir needs new tenors and basses.",
    ferry: "Ferry tickets rise by ten percent in January.",
    beach: "Dogs will be allowed on the south beach outside summer.",
  };
  const rows = notes.map(([key, ...sentences], i) =>
    J({ document: sentences.map((s) => s + ".").join(" "), summary: summaries[key], id: `note-${key}-${i + 1}` }),
  );
  // A few longer documents: two notes joined, summarised together.
  for (let i = 0; i + 1 < notes.length; i += 2) {
    const a = notes[i];
    const b = notes[i + 1];
    rows.push(
      J({
        document: [...a.slice(1), ...b.slice(1)].map((s) => s + ".").join(" "),
        summary: `${summaries[a[0]]} ${summaries[b[0]]}`,
        id: `note-${a[0]}-${b[0]}`,
      }),
    );
  }
  writeDataset(
    "town_notes",
    {
      name: "town_notes",
      subset: "short",
      description: "Invented town announcements with one-sentence summaries (subset 'short'). Written for PromptPool's demo.",
      citation: "@misc{promptpool_town_notes,\n  title={Town notes (PromptPool demo data)},\n  year={2026}\n}",
      license: "cc0-1.0",
      features: { document: value("string"), summary: value("string"), id: value("string") },
    },
    { train: rows.slice(0, 16), test: rows.slice(16) },
  );
}

// 5. Non-English (French) restaurant reviews with a ClassLabel and a float rating.
{
  const reviews = [
    ["Accueil chaleureux et poisson d'une fraîcheur parfaite.", 5.0],
    ["Le service était lent et les frites froides.", 1.5],
    ["Une belle terrasse, mais des plats sans saveur.", 2.5],
    ["La meilleure crème brûlée de la ville, sans hésiter.", 5.0],
    ["Portions généreuses et prix raisonnables.", 4.0],
    ["Nous avons attendu une heure pour une salade.", 1.0],
    ["Cuisine simple et honnête, personnel souriant.", 4.0],
    ["Le vin était bouchonné et personne ne s'en est excusé.", 1.5],
    ["Un menu du jour varié et très bien préparé.", 4.5],
    ["Salle bruyante, impossible de se parler.", 2.0],
    ["Des moules délicieuses et un pain maison excellent.", 4.5],
    ["Trop cher pour ce que c'est.", 2.0],
    ["Le chef est venu nous saluer, quelle gentillesse !", 5.0],
    ["Viande trop cuite malgré notre demande.", 2.0],
    ["Une adresse à retenir pour les soirs d'été.", 4.0],
    ["Table sale et serveur désagréable.", 1.0],
    ["Les desserts valent à eux seuls le détour.", 4.5],
    ["Rien de mémorable, mais rien de mauvais non plus.", 3.0],
    ["Soupe de poisson parfaite après la promenade.", 4.5],
    ["On nous a oubliés entre l'entrée et le plat.", 1.5],
    ["Très bon rapport qualité-prix le midi.", 4.0],
    ["Plat végétarien inventif et copieux.", 4.5],
    ["La réservation avait été perdue, soirée gâchée.", 1.0],
    ["Une carte courte mais tout est fait maison.", 4.0],
    ["Le café était imbuvable.", 2.0],
    ["Vue magnifique sur le port au coucher du soleil.", 4.5],
    ["Huîtres pas fraîches, nous sommes partis.", 1.0],
    ["Service attentif, même un soir de grande affluence.", 4.0],
    ["Assiettes tièdes et sauce trop salée.", 2.0],
    ["Tout était parfait, nous reviendrons.", 5.0],
    ["Musique trop forte, cuisine correcte.", 3.0],
    ["Un accueil glacial dès l'entrée.", 1.5],
    ["Les enfants ont adoré le menu qui leur est dédié.", 4.5],
    ["Poisson du jour excellent, dessert décevant.", 3.5],
    ["Carte des vins remarquable.", 4.5],
    ["Frites molles et burger sec.", 1.5],
    ["Personnel aux petits soins pour un anniversaire.", 5.0],
    ["Attente raisonnable, plats chauds et bons.", 4.0],
    ["Prix en hausse, qualité en baisse.", 2.0],
    ["Un moment agréable entre amis.", 3.5],
  ];
  const names = ["négatif", "positif"];
  // Written by hand so the rating keeps Python's float form (3.0, not 3).
  const line = ([avis, note], i) =>
    `{"avis": ${J(avis)}, "label": ${note >= 3.5 ? 1 : 0}, "note": ${note.toFixed(1)}, "restaurant_id": ${100 + (i % 9)}}`;
  const rows = reviews.map(line);
  writeDataset(
    "avis_restaurants",
    {
      name: "avis_restaurants",
      subset: null,
      description: "Avis de restaurants inventés, en français : sentiment (négatif/positif) et note sur 5. Written for PromptPool's demo.",
      citation: "@misc{promptpool_avis_restaurants,\n  title={Avis restaurants (PromptPool demo data)},\n  year={2026}\n}",
      license: "cc0-1.0",
      features: { avis: value("string"), label: classLabel(names), note: value("float32"), restaurant_id: value("int32") },
    },
    { train: rows.slice(0, 30), test: rows.slice(30) },
  );
}

console.log(`wrote demo datasets to ${path.relative(process.cwd(), root)}`);
