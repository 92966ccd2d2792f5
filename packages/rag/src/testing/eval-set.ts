/**
 * A small labelled retrieval set written for the RAG tests: four documents on unrelated topics
 * and questions that paraphrase a fact (few shared words with the passage). A question's hit is
 * a retrieved chunk of `documentId` whose text contains `answer`.
 */
export interface EvalDocument {
  id: string;
  title: string;
  text: string;
}

export interface EvalQuestion {
  question: string;
  documentId: string;
  /** A phrase of the passage that answers the question. */
  answer: string;
}

export const EVAL_DOCUMENTS: EvalDocument[] = [
  {
    id: "lighthouse-keeping",
    title: "Life of a lighthouse keeper",
    text: `Lighthouse keepers once lived in small stone cottages beside the tower. Their main duty was to keep the lamp burning from sunset to sunrise, trimming the wick every few hours so the flame stayed bright.

The great lenses were made of glass prisms arranged in rings. A clockwork mechanism, wound by hand with a heavy crank, turned the lens so that ships saw a flash at a fixed interval.

Fog was the keeper's worst enemy. When the light could not be seen, a fog horn powered by compressed air sounded every thirty seconds to warn vessels away from the rocks.

Supplies arrived by boat once a month: paraffin oil for the lamp, flour, salted meat and letters from the mainland. In winter storms the supply boat sometimes could not land for weeks.

Most lighthouses were automated in the late twentieth century. Electric lamps with automatic bulb changers replaced the flames, and the last resident keepers left their towers.`,
  },
  {
    id: "sourdough-baking",
    title: "Baking sourdough bread",
    text: `A sourdough starter is a mixture of flour and water in which wild yeast and lactic acid bacteria grow. It must be fed fresh flour and water every day to stay active.

Bakers mix the dough, then let it rest for bulk fermentation at room temperature for four to six hours. During this time they stretch and fold the dough to build gluten strength.

After shaping, the loaf is placed in a floured basket and left in the refrigerator overnight. The cold slows the yeast and deepens the sour flavour of the bread.

The bread is baked in a very hot covered cast iron pot at about 250 degrees Celsius. The lid traps steam, which keeps the crust soft at first so the loaf can rise fully.

A deep cut across the top of the loaf, called scoring, controls where the bread opens in the oven and gives each baker a recognisable pattern.`,
  },
  {
    id: "honeybee-colonies",
    title: "How honeybee colonies work",
    text: `A honeybee colony has a single queen, whose only job is to lay eggs; she can lay up to two thousand eggs in one day during the summer.

Worker bees are all female. Young workers clean the cells and feed the larvae, while older workers leave the hive to collect nectar and pollen from flowers.

Drones are the male bees. They do not gather food or sting, and their purpose is to mate with queens from other colonies. In autumn the workers push the drones out of the hive.

A forager that finds good flowers returns and performs a waggle dance on the comb. The angle of the dance shows the direction of the food relative to the sun, and its length shows the distance.

Bees turn nectar into honey by evaporating its water. They fan their wings over the open cells until the honey is thick, and then seal each cell with a cap of wax.`,
  },
  {
    id: "volcano-eruptions",
    title: "Why volcanoes erupt",
    text: `Magma forms deep underground where rock melts under high temperature. Because it is lighter than the solid rock around it, magma slowly rises toward the surface and collects in a chamber.

Gases such as water vapour and carbon dioxide are dissolved in magma. As magma rises the pressure drops and the gases form bubbles, much like opening a bottle of soda.

Thick, sticky magma traps these gas bubbles, so pressure builds until the volcano explodes violently and throws ash high into the sky.

Runny basalt lava lets gas escape easily. Volcanoes in Hawaii produce gentle eruptions in which rivers of lava flow down the slopes for many kilometres.

Scientists watch for small earthquakes, swelling of the ground and changes in gas emissions to predict when a volcano may erupt and to warn people living nearby.`,
  },
];

export const EVAL_QUESTIONS: EvalQuestion[] = [
  { question: "How did ships know to avoid the rocks when the mist was thick?", documentId: "lighthouse-keeping", answer: "fog horn" },
  { question: "What made the big glass optic rotate?", documentId: "lighthouse-keeping", answer: "clockwork mechanism" },
  { question: "How often did the keepers receive deliveries of fuel and food?", documentId: "lighthouse-keeping", answer: "once a month" },
  { question: "What replaced human lighthouse attendants?", documentId: "lighthouse-keeping", answer: "automated" },
  { question: "What did the keeper have to do to keep the flame bright through the night?", documentId: "lighthouse-keeping", answer: "trimming the wick" },
  { question: "How often should you feed the culture of wild yeast?", documentId: "sourdough-baking", answer: "every day" },
  { question: "Why do bakers leave the shaped dough in the fridge overnight?", documentId: "sourdough-baking", answer: "cold slows the yeast" },
  { question: "What kind of vessel is the loaf cooked in?", documentId: "sourdough-baking", answer: "cast iron pot" },
  { question: "What is the slash on top of the bread for?", documentId: "sourdough-baking", answer: "scoring" },
  { question: "How long does the first rise of the dough take?", documentId: "sourdough-baking", answer: "four to six hours" },
  { question: "How many eggs can the mother bee produce daily?", documentId: "honeybee-colonies", answer: "two thousand eggs" },
  { question: "What do the male insects of the hive do?", documentId: "honeybee-colonies", answer: "Drones are the male bees" },
  { question: "How do bees tell their sisters where the blossoms are?", documentId: "honeybee-colonies", answer: "waggle dance" },
  { question: "How is flower juice made into a thick sweet food?", documentId: "honeybee-colonies", answer: "evaporating its water" },
  { question: "Which tasks do the youngest female insects perform inside the nest?", documentId: "honeybee-colonies", answer: "feed the larvae" },
  { question: "Why does molten rock move upward through the crust?", documentId: "volcano-eruptions", answer: "lighter than the solid rock" },
  { question: "What happens to dissolved gas when pressure falls?", documentId: "volcano-eruptions", answer: "bubbles" },
  { question: "What causes an explosive blast that throws ash into the air?", documentId: "volcano-eruptions", answer: "sticky magma traps" },
  { question: "Why are the eruptions on the Pacific islands calm?", documentId: "volcano-eruptions", answer: "Runny basalt lava" },
  { question: "What signs do researchers monitor to forecast an eruption?", documentId: "volcano-eruptions", answer: "small earthquakes" },
  { question: "Where did the tower attendants live?", documentId: "lighthouse-keeping", answer: "stone cottages" },
  { question: "What temperature should the oven be for the loaf?", documentId: "sourdough-baking", answer: "250 degrees" },
  { question: "What happens to the male bees when autumn comes?", documentId: "honeybee-colonies", answer: "push the drones out" },
  { question: "Where does magma gather before it erupts?", documentId: "volcano-eruptions", answer: "chamber" },
];
